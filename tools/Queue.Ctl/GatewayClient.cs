using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Queue.Operations;

namespace Queue.Ctl;

/// <summary>The gateway's API with the operator's key; a refusal becomes a <see cref="CliException"/> with the gateway's own words.</summary>
public sealed class GatewayClient(HttpClient http)
{
    public async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> answer) => await ReadAsync(await http.GetAsync(path), answer);

    public async Task<TAnswer> PostAsync<TBody, TAnswer>(string path, TBody body, JsonTypeInfo<TBody> request, JsonTypeInfo<TAnswer> answer) =>
        await ReadAsync(await http.PostAsJsonAsync(path, body, request), answer);

    /// <summary>Posts a document as the user wrote it (a SendEmail file): the gateway judges it, not queuectl.</summary>
    public async Task<TAnswer> PostJsonAsync<TAnswer>(string path, string json, JsonTypeInfo<TAnswer> answer) =>
        await ReadAsync(await http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json")), answer);

    public async Task DeleteAsync(string path) => await ReadAsync(await http.DeleteAsync(path), CtlJson.Default.JsonElement);

    static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> answer)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode)
            {
                try
                {
                    return text.Length > 0 ? JsonSerializer.Deserialize(text, answer)! : default!;
                }
                catch (JsonException)
                {
                    throw new CliException($"{(int)response.StatusCode}: the answer is not what the gateway answers; is --url the gateway?");
                }
            }

            var retry = response.Headers.RetryAfter?.Delta is { } delta ? $" (retry after {delta.TotalSeconds:0} s)" : "";
            throw new CliException($"{(int)response.StatusCode} {Explain(response, text)}{retry}");
        }
    }

    /// <summary>The problem's title and detail (or its field errors); a body that is not problem details (a proxy's page) is named by its type only.</summary>
    static string Explain(HttpResponseMessage response, string text)
    {
        ApiProblem? problem;
        try
        {
            problem = text.Length > 0 ? JsonSerializer.Deserialize(text, CtlJson.Default.ApiProblem) : null;
        }
        catch (JsonException)
        {
            return $"{response.ReasonPhrase}: the answer is not JSON ({response.Content.Headers.ContentType?.MediaType ?? "no content type"})";
        }

        var detail = problem?.Detail ?? Errors(problem?.Errors) ?? text;
        return $"{problem?.Title ?? response.ReasonPhrase}: {detail}";
    }

    static string? Errors(JsonElement? errors) => errors switch
    {
        { ValueKind: JsonValueKind.Object } fields => string.Join("; ", fields.EnumerateObject().Select(f => $"{f.Name} {string.Join(", ", Messages(f.Value))}")),
        { ValueKind: JsonValueKind.Array } list => string.Join("; ", Messages(list)),
        _ => null,
    };

    static IEnumerable<string?> Messages(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(m => m.ToString()) : [value.ToString()];
}
