using System.Text.Json.Serialization;

namespace Queue.Operations;

/// <summary>
/// What mail a suppression keeps from the address: mass mail only, or all mail. The suppression list's scopes by
/// name (ApiViewsTests hold them equal).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<SuppressionScope>))]
public enum SuppressionScope
{
    MassMail,
    AllMail,
}
