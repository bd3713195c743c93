using Queue.Contracts;
using Queue.Gateway.Auth;
using Queue.Sending.Accounts;
using Queue.Sending.Bounces;
using Queue.Sending.Policy;

namespace Queue.Gateway.Operations;

/// <summary>What came back: each account's 24-hour bounce and complaint rates, the latest suppressions and the reports set aside.</summary>
public static class BounceEndpoints
{
    public static void MapBounces(this IEndpointRouteBuilder api) =>
        api.MapGet("/bounces", GetAsync).RequireAuthorization(ScopePolicies.Read)
            .WithSummary("Bounce and complaint rates per account over 24 h, the latest suppressions and the reports set aside");

    static async Task<IResult> GetAsync(BounceLedger ledger, SuppressionList suppressions, SetAsideReports setAside, SenderDirectory senders, int? count)
    {
        var accounts = new List<AccountBounces>();
        foreach (var sender in senders.All.OrderBy(s => s.Address))
        {
            var window = await ledger.WindowAsync(sender.Address);
            var bounced = window.Count(BounceClass.Hard) + window.Count(BounceClass.Soft) + window.Count(BounceClass.Policy) + window.Count(BounceClass.SenderQuota);
            accounts.Add(new AccountBounces(window.Account, window.Sent, window.Reports, window.Rate(BounceClass.Hard),
                window.Sent == 0 ? 0 : (double)bounced / window.Sent, window.Rate(BounceClass.Complaint)));
        }

        var latest = Math.Clamp(count ?? 20, 1, 200);
        return Results.Ok(new BouncesView(accounts, (await suppressions.LatestAsync(latest)).Select(s => s.ToView()).ToList(), (await setAside.LatestAsync(latest)).Select(r => r.ToView()).ToList()));
    }
}
