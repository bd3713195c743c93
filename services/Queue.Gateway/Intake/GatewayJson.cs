using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Queue.Contracts;

namespace Queue.Gateway.Intake;

public static class GatewayJson
{
    /// <summary>
    /// The wire format of <c>SendEmail</c> on the bus (camelCase, enums as strings, base64 content). Unknown
    /// properties are refused, so a misspelt field is named rather than silently dropped. An attachment must name its
    /// media type: the contract's default (application/octet-stream) would hide a forgotten one.
    /// </summary>
    public static JsonSerializerOptions Request { get; } = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { RequireAttachmentMediaType } },
    };

    static void RequireAttachmentMediaType(JsonTypeInfo type)
    {
        if (type.Type != typeof(EmailAttachment))
        {
            return;
        }

        foreach (var property in type.Properties.Where(p => p.Name == "contentType"))
        {
            property.IsRequired = true;
        }
    }
}
