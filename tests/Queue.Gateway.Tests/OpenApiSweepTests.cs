using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Queue.ApiKeys;
using Queue.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Queue.Gateway.Tests;

/// <summary>A gateway whose rate limit never stands between the sweep and an endpoint.</summary>
public sealed class UnlimitedGatewayFixture : GatewayFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> GatewaySettings() =>
        [new("Gateway:RateLimit:PermitLimit", "1000000"), new("Gateway:RateLimit:AnonymousPermitLimit", "1000000")];
}

/// <summary>
/// Every endpoint of the gateway's own OpenAPI document, with malformed path values, query values and bodies, by a
/// key with every scope: a bad request is the caller's mistake, never a 5xx.
/// </summary>
public class OpenApiSweepTests(UnlimitedGatewayFixture queue) : IClassFixture<UnlimitedGatewayFixture>
{
    static readonly string[] PathValues = ["abc", "%FF%FE", "00000000-0000-0000-0000-000000000000", new string('9', 300), "%00"];

    static readonly string[] QueryValues = ["abc", "-1", "0", "99999999999999999999", "", "%00", "%FF%FE", "1e9", "true", "[]", new string('x', 5000)];

    static readonly JsonElement[] WrongValues =
        [.. new[] { "42", "-1", "true", "{}", "[]", "null", "\"x\"", "\"\"", "[42]", "{\"a\":1}", $"\"{new string('x', 20_000)}\"", "\"2026-13-45T99:99:99Z\"" }
            .Select(j => JsonSerializer.Deserialize<JsonElement>(j))];

    [Fact]
    public async Task No_endpoint_answers_5xx_to_malformed_path_values_query_strings_or_bodies()
    {
        var key = (await queue.GatewayServices.GetRequiredService<ApiKeyStore>().CreateAsync("intranet", ApiScopes.All, "sweep")).Secret;
        var client = queue.Client(key);
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var failures = new List<string>();
        var calls = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                var method = new HttpMethod(operation.Name.ToUpperInvariant());
                var parameters = Parameters(path.Value).Concat(Parameters(operation.Value)).ToList();
                foreach (var route in Routes(path.Name, parameters.Where(p => p.In == "path").Select(p => p.Name).ToList()))
                {
                    foreach (var query in Queries(parameters.Where(p => p.In == "query").Select(p => p.Name).ToList()))
                    {
                        foreach (var (body, contentType) in method == HttpMethod.Get || method == HttpMethod.Delete ? [(null, null)] : Bodies(document, operation.Value))
                        {
                            using var request = new HttpRequestMessage(method, route + query);
                            if (body is not null)
                            {
                                request.Content = new ByteArrayContent(body);
                                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                            }

                            using var response = await client.SendAsync(request);
                            calls++;
                            if ((int)response.StatusCode >= 500)
                            {
                                var shown = body is null ? "" : Encoding.UTF8.GetString(body[..Math.Min(body.Length, 80)]);
                                failures.Add($"{method} {route}{query} [{contentType}] {shown} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                            }
                        }
                    }
                }
            }
        }

        Assert.True(calls > 500, $"only {calls} calls: did the document list the endpoints?");
        Assert.True(failures.Count == 0, $"{failures.Count} of {calls} calls answered 5xx:\n{string.Join("\n", failures.Take(30))}");
    }

    static IEnumerable<(string Name, string In)> Parameters(JsonElement holder) =>
        holder.TryGetProperty("parameters", out var list) ? list.EnumerateArray().Select(p => (p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!)) : [];

    /// <summary>Each path parameter replaced in turn by each malformed value (the others by a plausible one).</summary>
    static IEnumerable<string> Routes(string template, IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            yield return template;
            yield break;
        }

        var plausible = names.Aggregate(template, (t, n) => t.Replace($"{{{n}}}", Guid.NewGuid().ToString()));
        yield return plausible;
        foreach (var name in names)
        {
            foreach (var value in PathValues)
            {
                yield return names.Aggregate(template, (t, n) => t.Replace($"{{{n}}}", n == name ? value : Guid.NewGuid().ToString()));
            }
        }
    }

    /// <summary>No query, each parameter with each malformed value, a repeated parameter and an unknown one.</summary>
    static IEnumerable<string> Queries(IReadOnlyList<string> names)
    {
        yield return "";
        yield return "?unknown=%FF&&=&a[b]=c";
        foreach (var name in names)
        {
            foreach (var value in QueryValues)
            {
                yield return $"?{name}={value}";
            }

            yield return $"?{name}=1&{name}=2";
        }
    }

    /// <summary>Unreadable bodies of every kind, then the operation's own JSON with each property of a wrong type.</summary>
    static IEnumerable<(byte[]? Body, string? ContentType)> Bodies(JsonElement document, JsonElement operation)
    {
        const string json = "application/json";
        yield return ([], json);
        yield return (Encoding.UTF8.GetBytes("not json {"), json);
        yield return (Encoding.UTF8.GetBytes("null"), json);
        yield return (Encoding.UTF8.GetBytes("[]"), json);
        yield return (Encoding.UTF8.GetBytes("\"x\""), json);
        yield return (Encoding.UTF8.GetBytes("{}"), json);
        yield return ([.. Encoding.UTF8.GetBytes("{\"a\": \""), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("\"}")], json);
        yield return (new byte[70_000].Select(_ => (byte)'[').ToArray(), json);
        yield return (Encoding.UTF8.GetBytes("{}"), "text/plain");
        yield return (Encoding.UTF8.GetBytes("a=%FF&&b"), "application/x-www-form-urlencoded");
        yield return (Encoding.UTF8.GetBytes("--x\r\nbroken"), "multipart/form-data");
        yield return (Encoding.UTF8.GetBytes("{}"), "multipart/form-data; boundary=\"unterminated");
        foreach (var property in Properties(document, operation))
        {
            foreach (var value in WrongValues)
            {
                yield return (JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, JsonElement> { [property] = value }), json);
            }
        }
    }

    static IEnumerable<string> Properties(JsonElement document, JsonElement operation)
    {
        if (!operation.TryGetProperty("requestBody", out var body) || !body.TryGetProperty("content", out var content))
        {
            return [];
        }

        var media = content.EnumerateObject().Select(c => c.Value).FirstOrDefault(c => c.TryGetProperty("schema", out _));
        if (media.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var schema = media.GetProperty("schema");
        if (schema.TryGetProperty("$ref", out var reference))
        {
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
        }

        return schema.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Select(p => p.Name).ToList() : [];
    }
}
