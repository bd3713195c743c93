using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Queue.Gateway.Tests.Infrastructure;

/// <summary>Request bodies as an application without .NET writes them: plain JSON, camelCase, enums as strings.</summary>
static class Requests
{
    public static JsonObject Valid(string subject, string from = "intranet@pasto.gov.co") => new()
    {
        ["requestId"] = Guid.NewGuid().ToString(),
        ["from"] = from,
        ["to"] = new JsonArray("Ana Pérez <ana.perez@pasto.gov.co>"),
        ["subject"] = $"{subject} {Guid.NewGuid():N}",
        ["textBody"] = "Buenos días. Mensaje enviado por la pasarela HTTP.",
        ["category"] = "Operational",
        ["priority"] = "Normal",
    };

    public static Guid Id(JsonObject request) => Guid.Parse((string)request["requestId"]!);

    public static string Subject(JsonObject request) => (string)request["subject"]!;

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, JsonObject request) =>
        client.PostAsync("/v1/messages", new StringContent(request.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();
}
