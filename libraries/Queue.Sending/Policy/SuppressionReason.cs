using System.Text.Json.Serialization;

namespace Queue.Sending.Policy;

/// <summary>Why an address is on the suppression list.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SuppressionReason>))]
public enum SuppressionReason
{
    /// <summary>The recipient unsubscribed from mass mail (one-click link).</summary>
    Unsubscribed,

    /// <summary>The address does not exist (a hard bounce).</summary>
    HardBounce,

    /// <summary>Soft bounces kept coming (Bounces:SoftBounceLimit within Bounces:SoftBounceWindow): suppressed for a while.</summary>
    SoftBounces,

    /// <summary>The recipient marked mail as spam.</summary>
    Complaint,

    /// <summary>An operator put it there.</summary>
    Operator,
}
