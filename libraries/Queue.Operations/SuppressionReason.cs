using System.Text.Json.Serialization;

namespace Queue.Operations;

/// <summary>
/// Why an address is suppressed, as <c>/v1/suppressions</c> names it: unsubscribed, hard bounce, repeated soft
/// bounces, complaint, operator. The suppression list's reasons by name (ApiViewsTests hold them equal).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<SuppressionReason>))]
public enum SuppressionReason
{
    Unsubscribed,
    HardBounce,
    SoftBounces,
    Complaint,
    Operator,
}
