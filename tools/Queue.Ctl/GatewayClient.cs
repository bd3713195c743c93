using System.Net.Http.Json;
using System.Text.Json;

namespace Queue.Ctl;

/// <summary>The gateway's API with the operator's key; a refusal becomes a <see cref="CliException"/> with the gateway's own words.</summary>
public sealed class GatewayClient(HttpClient http)
{
    public async Task<JsonElement> GetAsync(string path) => await ReadAsync(await http.GetAsync(path));

    public async Task<JsonElement> PostAsync(string path, object body) => await ReadAsync(await http.PostAsJsonAsync(path, body));

    public async Task<JsonElement> DeleteAsync(string path) => await ReadAsync(await http.DeleteAsync(path));

    public async Task<JsonElement> PostJsonAsync(string path, string json) =>
        await ReadAsync(await http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json")));

    static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            JsonElement json = default;
            try
            {
                json = text.Length > 0 ? JsonSerializer.Deserialize<JsonElement>(text) : default;
            }
            catch (JsonException) when (!response.IsSuccessStatusCode)
            {
                // Not the gateway's problem details (a proxy's page, a wrong URL): the status line says enough.
                text = $"the answer is not JSON ({response.Content.Headers.ContentType?.MediaType ?? "no content type"})";
            }
            catch (JsonException)
            {
                throw new CliException($"{(int)response.StatusCode}: the answer is not JSON; is --url the gateway?");
            }

            if (response.IsSuccessStatusCode)
            {
                return json;
            }

            var title = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("title", out var t) ? t.GetString() : response.ReasonPhrase;
            var detail = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("detail", out var d) ? d.GetString() : text;
            var retry = response.Headers.RetryAfter?.Delta is { } delta ? $" (retry after {delta.TotalSeconds:0} s)" : "";
            throw new CliException($"{(int)response.StatusCode} {title}: {detail}{retry}");
        }
    }
}
