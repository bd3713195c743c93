using System.ComponentModel.DataAnnotations;

namespace Queue.Sending.Quotas;

/// <summary>One account's own limits and warm-up (<c>Quotas:Accounts:N</c>); the domain limits still apply above them.</summary>
public sealed class AccountQuotaOptions
{
    [Required]
    [EmailAddress]
    public string Address { get; set; } = "";

    public List<QuotaLimitOverrideOptions> Limits { get; set; } = [];

    public WarmupOptions? Warmup { get; set; }
}
