using System.Text.Json.Serialization;

namespace Queue.Operations;

/// <summary>Why an address is on the suppression list; the names of the suppression list's own reasons.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SuppressionReason>))]
public enum SuppressionReason
{
    /// <summary>The recipient unsubscribed from mass mail (one-click link).</summary>
    Unsubscribed,

    /// <summary>The address does not exist (a hard bounce).</summary>
    HardBounce,

    /// <summary>Soft bounces kept coming: suppressed for a while.</summary>
    SoftBounces,

    /// <summary>The recipient marked mail as spam.</summary>
    Complaint,

    /// <summary>An operator put it there.</summary>
    Operator,
}
