using Queue.Dispatcher.ReadModel;
using Queue.Sending.Accounts;
using Queue.Sending.Quotas;
using Queue.Sending.Settings;
using Microsoft.Extensions.Options;

namespace Queue.Gateway.Operations;

/// <summary>Quota usage as the dispatchers enforce it, including the share a blocklist throttle leaves.</summary>
public sealed class QuotaReader(
    DispatcherReadModel dispatcher, SenderDirectory senders, IOptionsMonitor<QuotaOptions> quotas, SharedSettings settings, TimeProvider clock)
{
    public async Task<IReadOnlyList<AccountQuota>> AllAsync()
    {
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

        return await ReadAsync(sender.Address);
    }

    public Task<IReadOnlyList<QuotaUsage>> UsageAsync(string account) => dispatcher.QuotaUsageAsync(account, clock.GetUtcNow());

    async Task<AccountQuota> ReadAsync(string account)
    {
        var now = clock.GetUtcNow();
        var usage = await dispatcher.QuotaUsageAsync(account, now);
        var next = usage.Select(u => u.NextAllowedAt(now)).Where(t => t is not null).DefaultIfEmpty(now).Max();
        var options = quotas.CurrentValue;
        return new AccountQuota(account, next, usage.Select(u => u.ToView(now)).ToList(),
            dispatcher.AccountWarmup(account, options)?.ToView(), dispatcher.DomainWarmup(account, options)?.ToView(), settings.Version);
    }
}
