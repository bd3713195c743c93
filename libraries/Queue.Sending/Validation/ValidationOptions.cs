using System.ComponentModel.DataAnnotations;

namespace Queue.Sending.Validation;

/// <summary>Section <c>Validation</c>: the shape every request must have before anything is sent.</summary>
public sealed class ValidationOptions
{
    public const string Section = "Validation";

    /// <summary>Size of the encoded message at most; Gmail and Exchange Online refuse more than 25 MB and 35 MB.</summary>
    [Range(1024, 150 * 1024 * 1024)]
    public long MaxMessageBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>Distinct recipients of one request at most (the policy splits into envelopes the provider accepts).</summary>
    [Range(1, 100_000)]
    public int MaxRecipients { get; set; } = 1000;

    [Range(1, 998)]
    public int MaxSubjectLength { get; set; } = 250;

    [Range(0, 1000)]
    public int MaxAttachments { get; set; } = 20;

    /// <summary>How far ahead NotBefore may be.</summary>
    public TimeSpan MaxSchedulingHorizon { get; set; } = TimeSpan.FromDays(30);

    [Range(0, 100)]
    public int MaxTags { get; set; } = 20;

    [Range(1, 1000)]
    public int MaxShortTextLength { get; set; } = 100;
}
