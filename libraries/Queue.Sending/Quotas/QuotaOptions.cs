using System.ComponentModel.DataAnnotations;

namespace Queue.Sending.Quotas;

/// <summary>Section <c>Quotas</c>. Defaults live in appsettings.json (a bound list would append to defaults set here).</summary>
public sealed class QuotaOptions : IValidatableObject
{
    public const string Section = "Quotas";

    /// <summary>Fraction kept free under each published cap, because staff also send by hand from the same accounts.</summary>
    [Range(0.0, 0.9)]
    public double SafetyMargin { get; set; } = 0.05;

    /// <summary>Where calendar windows reset at midnight (IANA id).</summary>
    [Required]
    public string TimeZone { get; set; } = "America/Bogota";

    /// <summary>
    /// Replicas that must hold each reservation (Redis <c>WAIT</c>) before it counts as granted, so a failover to
    /// one of them forgets no grant; 0 (the default) does not wait. Not acknowledged within
    /// <see cref="ReplicaWaitTimeout"/>: the reservation is given back and the send waits as while Redis is down.
    /// </summary>
    [Range(0, 16)]
    public int WaitForReplicas { get; set; }

    public TimeSpan ReplicaWaitTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Limits every sender account has on its own.</summary>
    public List<QuotaLimitOptions> Account { get; set; } = [];

    /// <summary>Limits on the whole domain, all accounts together.</summary>
    public List<QuotaLimitOptions> Domain { get; set; } = [];

    /// <summary>Accounts with limits of their own (a provider allowance above or below the others) or a warm-up.</summary>
    public List<AccountQuotaOptions> Accounts { get; set; } = [];

    /// <summary>A ramp for the whole domain's limits, e.g. for a new sending IP.</summary>
    public WarmupOptions? DomainWarmup { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult($"'{TimeZone}' is not a known time zone (use an IANA id such as America/Bogota)", [nameof(TimeZone)]);
        }

        if (WaitForReplicas > 0 && (ReplicaWaitTimeout < TimeSpan.FromMilliseconds(1) || ReplicaWaitTimeout > TimeSpan.FromSeconds(10)))
        {
            yield return new ValidationResult($"must be between 1 ms and 10 s when {nameof(WaitForReplicas)} is set (it delays every send)", [nameof(ReplicaWaitTimeout)]);
        }

        foreach (var (scope, limits) in new[] { (nameof(Account), Account), (nameof(Domain), Domain) })
        {
            foreach (var name in limits.GroupBy(l => l.Name).Where(g => g.Count() > 1).Select(g => g.Key))
            {
                yield return new ValidationResult($"limit name '{name}' is used twice", [scope]);
            }
        }

        foreach (var address in Accounts.GroupBy(a => a.Address, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            yield return new ValidationResult($"account {address} is configured twice", [nameof(Accounts)]);
        }

        for (var i = 0; i < Accounts.Count; i++)
        {
            var account = Accounts[i];
            for (var j = 0; j < account.Limits.Count; j++)
            {
                var limit = account.Limits[j];
                var inherited = Account.FirstOrDefault(l => l.Name == limit.Name);
                if (inherited is null && limit.Window is null)
                {
                    yield return new ValidationResult(
                        $"'{limit.Name}' is not one of Quotas:Account, so this limit of the account's own needs a Window", [$"{nameof(Accounts)}:{i}:Limits:{j}:Window"]);
                    continue;
                }

                foreach (var result in limit.Over(inherited).Validate(new ValidationContext(limit)))
                {
                    yield return new ValidationResult(result.ErrorMessage, result.MemberNames.Select(m => $"{nameof(Accounts)}:{i}:Limits:{j}:{m}"));
                }
            }

            if (account.Warmup is not null && FullDailyCap(AccountLimits(account.Address)) is null)
            {
                yield return new ValidationResult("a warm-up needs a limit of a day or longer with Messages (the full cap it ramps to)", [$"{nameof(Accounts)}:{i}:Warmup"]);
            }
        }

        if (DomainWarmup is not null && FullDailyCap(Domain) is null)
        {
            yield return new ValidationResult("a warm-up needs a domain limit of a day or longer with Messages (the full cap it ramps to)", [nameof(DomainWarmup)]);
        }
    }

    /// <summary>The account limits of <paramref name="account"/>: the common ones with its overrides, then its own.</summary>
    public IReadOnlyList<QuotaLimitOptions> AccountLimits(string account)
    {
        var own = For(account);
        if (own is null)
        {
            return Account;
        }

        return Account.Select(l => own.Limits.FirstOrDefault(o => o.Name == l.Name) is { } o ? o.Over(l) : l)
            .Concat(own.Limits.Where(o => Account.All(l => l.Name != o.Name)).Select(o => o.Over(null)))
            .ToList();
    }

    public AccountQuotaOptions? For(string account) =>
        Accounts.FirstOrDefault(a => string.Equals(a.Address.Trim(), account, StringComparison.OrdinalIgnoreCase));

    /// <summary>The published daily message cap a ramp grows to: the largest of the limits of a day or longer.</summary>
    public static int? FullDailyCap(IEnumerable<QuotaLimitOptions> limits) =>
        limits.Where(l => l.Window >= TimeSpan.FromDays(1) && l.Messages is not null).Select(l => l.Messages).Max();

    /// <summary>The cap Queue enforces: the published one less the safety margin, never below one.</summary>
    public int? Effective(int? published) => published is { } cap ? Math.Max(1, (int)Math.Floor(cap * (1 - SafetyMargin))) : null;
}
