using Queue.Sending.Accounts;
using Queue.Sending.Control;
using Queue.Sending.Quotas;
using Queue.Sending.Settings;
using Microsoft.Extensions.Options;

namespace Queue.Gateway.Operations;

/// <summary>Quota usage as the dispatchers enforce it, including the share a blocklist throttle leaves.</summary>
public sealed class QuotaReader(
    RedisQuotaGate gate, QuotaThrottle throttle, SendingHoldStore holds, SenderDirectory senders, WarmupLedger warmups,
    IOptionsMonitor<QuotaOptions> quotas, SharedSettings settings, TimeProvider clock)
{
    public async Task<IReadOnlyList<AccountQuota>> AllAsync()
    {
        await FollowThrottleAsync();
        var accounts = new List<AccountQuota>();
        foreach (var sender in senders.All.OrderBy(s => s.Address))
        {
            accounts.Add(await ReadAsync(sender.Address));
        }

        return accounts;
    }

    public async Task<AccountQuota?> ForAsync(string account)
    {
        if (!senders.TryGet(account.Trim(), out var sender))
        {
            return null;
        }

        await FollowThrottleAsync();
        return await ReadAsync(sender.Address);
    }

    public async Task<IReadOnlyList<QuotaUsage>> UsageAsync(string account)
    {
        await FollowThrottleAsync();
        return await gate.UsageAsync(account);
    }

    async Task<AccountQuota> ReadAsync(string account)
    {
        var now = clock.GetUtcNow();
        var usage = await gate.UsageAsync(account);
        var next = usage.Select(u => u.NextAllowedAt(now)).Where(t => t is not null).DefaultIfEmpty(now).Max();
        var options = quotas.CurrentValue;
        return new AccountQuota(account, next, usage.Select(u => u.ToView(now)).ToList(),
            warmups.ForAccount(account, options)?.ToView(), warmups.ForDomain(account, options)?.ToView(), settings.Version);
    }

    /// <summary>Caps come from this process's throttle, which only the dispatchers' holds applier moves: follow the stored holds.</summary>
    async Task FollowThrottleAsync() =>
        throttle.Fraction = SendingHold.ThrottleFraction(await holds.AllAsync(clock.GetUtcNow()));
}
