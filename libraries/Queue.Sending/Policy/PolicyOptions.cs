using System.ComponentModel.DataAnnotations;

namespace Queue.Sending.Policy;

/// <summary>
/// Section <c>Policy</c>: the rules of circular 004 (Alcaldía de Pasto, 2021) and the TIC note on institutional
/// mail. Defaults live in appsettings.json (a bound list would append to defaults set here).
/// </summary>
public sealed class PolicyOptions
{
    public const string Section = "Policy";

    /// <summary>Only accounts of these domains send official mail.</summary>
    [MinLength(1, ErrorMessage = "name at least one institutional domain, e.g. pasto.gov.co")]
    public List<string> AllowedDomains { get; set; } = [];

    /// <summary>The communications office (Oficina de Comunicación Social): the one door for mass mail.</summary>
    [MinLength(1, ErrorMessage = "name the communications office account, e.g. intranet@pasto.gov.co")]
    public List<string> CommunicationsOffice { get; set; } = [];

    /// <summary>Circulars, resolutions and administrative acts go out from these accounts only.</summary>
    [MinLength(1, ErrorMessage = "name the secretariat account, e.g. secretarias@pasto.gov.co")]
    public List<string> SecretariatAccounts { get; set; } = [];

    /// <summary>
    /// More distinct recipients than this makes a request mass mail, unless it is a circular, a confidential notice or
    /// a notification (a notification to more goes one message per recipient, never as mass mail).
    /// </summary>
    [Range(1, 100_000)]
    public int MassRecipientThreshold { get; set; } = 50;

    public SplitOrReject Confidential { get; set; } = SplitOrReject.Split;

    /// <summary>
    /// A confidential notice to more than <see cref="ConfidentialApprovalThreshold"/> people from any account but
    /// the communications office waits for the office's approval: individual notices to that many people are a
    /// campaign, and a wrong list leaks one person's matter to many.
    /// </summary>
    public bool ConfidentialApproval { get; set; } = true;

    [Range(1, 100_000)]
    public int ConfidentialApprovalThreshold { get; set; } = 50;

    /// <summary>Recipients one message may carry: Gmail takes 100 over SMTP, Exchange Online 500.</summary>
    [Range(1, 10_000)]
    public int MaxRecipientsPerMessage { get; set; } = 100;

    public SplitOrReject OversizeEnvelopes { get; set; } = SplitOrReject.Split;

    /// <summary>A held request without a decision by then is rejected (sooner if the request expires sooner).</summary>
    public TimeSpan ApprovalTimeout { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// How long a decided held request (its text, attachments and recipients, for the approver to look back on)
    /// is kept after the decision: personal data is kept no longer than its purpose needs (Ley 1581, temporalidad).
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan DecidedRetention { get; set; } = TimeSpan.FromDays(30);

    [Required]
    public UnsubscribeOptions Unsubscribe { get; set; } = new();
}

public enum SplitOrReject
{
    Split,
    Reject,
}
