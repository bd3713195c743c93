using System.Text.Json;
using System.Text.Json.Serialization;

namespace Queue.Gateway.Intake;

public static class GatewayJson
{
    /// <summary>
    /// The wire format of <c>SendEmail</c> on the bus (camelCase, enums as strings, base64 content). Unknown
    /// properties are refused, so a misspelt field is named rather than silently dropped.
    /// </summary>
    public static JsonSerializerOptions Request { get; } = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter() },
    };
}
