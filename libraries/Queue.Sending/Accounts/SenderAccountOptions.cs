using System.ComponentModel.DataAnnotations;

namespace Queue.Sending.Accounts;

/// <summary>One institutional account Queue may send from (<c>Mail:Senders:N</c>).</summary>
public sealed class SenderAccountOptions
{
    [Required]
    [EmailAddress]
    public string Address { get; set; } = "";

    /// <summary>Used in From when the request gives no display name.</summary>
    public string? DisplayName { get; set; }

    /// <summary>Credentials of this account on the default relay (Gmail and Exchange authenticate per account).</summary>
    public string? SmtpUserName { get; set; }

    public string? SmtpPassword { get; set; }

    /// <summary>A server of its own instead of <c>Mail:Smtp</c>.</summary>
    public SmtpEndpointOptions? Smtp { get; set; }
}
