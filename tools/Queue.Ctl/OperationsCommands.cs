using Queue.Contracts;
using Queue.Operations;
using static Queue.Ctl.Format;

namespace Queue.Ctl;

/// <summary>quotas, holds, pause, resume, lanes, reputation, audit, bounces, suppressions, dead-letters.</summary>
public sealed class OperationsCommands(GatewayClient gateway, TextWriter output)
{
    static readonly CtlJson Json = CtlJson.Default;

    public async Task QuotasAsync(string? account)
    {
        IReadOnlyList<AccountQuota> accounts = account is null
            ? await gateway.GetAsync("/v1/quotas", Json.IReadOnlyListAccountQuota)
            : [await gateway.GetAsync($"/v1/quotas/{Uri.EscapeDataString(account)}", Json.AccountQuota)];
        TableWriter.Write(output, ["ACCOUNT", "LIMIT", "MESSAGES", "RECIPIENTS", "USE", "FREES AT", "NEXT ALLOWED"],
            accounts.SelectMany(a => a.Limits.Select(l => (IReadOnlyList<string?>)
            [
                a.Account, l.Limit, Used(l.Messages, l.MessageCap, l.RemainingMessages), Used(l.Recipients, l.RecipientCap, l.RemainingRecipients),
                $"{l.Utilisation:P0}", Time(l.FreesAt), Time(l.NextAllowedAt),
            ])));
        foreach (var a in accounts)
        {
            foreach (var (scope, ramp) in new[] { (a.Account, a.Warmup), ("domain", a.DomainWarmup) })
            {
                if (ramp is { } w)
                {
                    output.WriteLine($"{scope}: warm-up day {w.Day} of {w.Days}, cap today {w.CapToday}");
                }
            }
        }
    }

    public async Task HoldsAsync() =>
        TableWriter.Write(output, ["SCOPE", "SOURCE", "KIND", "REASON", "BY", "SINCE", "UNTIL"],
            (await gateway.GetAsync("/v1/holds", Json.IReadOnlyListHoldView)).Select(h => (IReadOnlyList<string?>)
                [h.Scope, h.Source, h.Kind.ToString(), h.Reason, h.By, Time(h.At), Time(h.Until) ?? "resumed by hand"]));

    /// <param name="account">Null: all sending.</param>
    public async Task PauseAsync(string? account, string reason, DateTimeOffset? until, string? by)
    {
        var answer = await gateway.PostAsync("/v1/pause", new PauseRequest(account, reason, until, by), Json.PauseRequest, Json.ControlAccepted);
        output.WriteLine($"pause of {Scope(answer)} sent to the dispatchers (by {answer.By}); see `queuectl holds`");
    }

    /// <param name="account">Null: all sending.</param>
    public async Task ResumeAsync(string? account, string? by)
    {
        var answer = await gateway.PostAsync("/v1/resume", new ResumeRequest(account, by), Json.ResumeRequest, Json.ControlAccepted);
        output.WriteLine($"resume of {Scope(answer)} sent to the dispatchers (by {answer.By})");
    }

    public async Task LanesAsync()
    {
        var lanes = await gateway.GetAsync("/v1/lanes", Json.IReadOnlyListLaneView);
        TableWriter.Write(output, ["ACCOUNT", "STATE", "UNTIL", "READY", "SENDING", "OPEN", "OLDEST", "NEXT ALLOWED", "HELD BY"],
            lanes.Select(l => (IReadOnlyList<string?>)
            [
                l.Account, l.State.ToString().ToLowerInvariant(), l.State == LaneState.Held ? Time(l.HeldUntil) ?? "released by hand" : "-",
                l.Ready?.ToString() ?? "?", l.Unacknowledged?.ToString() ?? "?", l.OpenRequests.ToString(), Age(l.OldestAgeSeconds), Time(l.NextAllowedAt),
                string.Join("; ", l.HeldBy.Select(h => $"{h.Kind}: {h.Reason} (since {Time(h.Since)}{(Time(h.NextTry) is { } next ? $", next try {next}" : "")})"))
                    is { Length: > 0 } held ? held : "-",
            ]));
        var progress = lanes.SelectMany(l => l.Progress.Select(p => (l.Account, P: p))).ToList();
        if (progress.Count > 0)
        {
            output.WriteLine();
            TableWriter.Write(output, ["ACCOUNT", "REQUEST", "SENT", "FAILED", "PENDING", "ESTIMATED COMPLETION"],
                progress.Select(x => (IReadOnlyList<string?>)
                    [x.Account, x.P.RequestId.ToString(), $"{x.P.Sent}/{x.P.Total}", x.P.Failed.ToString(), x.P.Pending.ToString(), Time(x.P.EstimatedCompletion) ?? "paused"]));
        }
    }

    public async Task DeadLettersAsync()
    {
        var view = await gateway.GetAsync("/v1/dead-letters", Json.DeadLetterView);
        output.WriteLine(string.Join(", ", view.Counts.Select(c => $"{c.Value} {c.Key}")) is { Length: > 0 } counts ? counts : "none set aside");
        TableWriter.Write(output, ["REASON", "MESSAGE ID", "REQUEST", "AT", "WHY"],
            view.Items.Select(d => (IReadOnlyList<string?>)[d.Reason, d.MessageId, d.RequestId?.ToString(), Time(d.At), d.Why]));
    }

    /// <param name="action"><c>republish</c> or <c>purge</c>.</param>
    public async Task DeadLettersActAsync(string action, string? reason, string? messageId, string? by)
    {
        var answer = await gateway.PostAsync($"/v1/dead-letters/{action}", new DeadLetterCommand(reason, messageId, by), Json.DeadLetterCommand, Json.DeadLetterAction);
        output.WriteLine($"{action}: {answer.Count} requests");
    }

    public async Task ReputationAsync()
    {
        var view = await gateway.GetAsync("/v1/reputation", Json.ReputationView);
        TableWriter.Write(output, ["ZONE", "STATE", "LISTED"], view.Zones.Select(z => (IReadOnlyList<string?>)[z.Zone, z.State, string.Join(", ", z.Listed)]));
        if (!view.Resolver.Healthy)
        {
            output.WriteLine($"the monitor's resolver does not answer (since {Time(view.Resolver.Since)}): every check below reads Unknown");
        }

        foreach (var degraded in view.Degraded)
        {
            output.WriteLine($"degraded: {degraded.Zone} since {Time(degraded.Since)}: {degraded.Reason}");
        }

        output.WriteLine();
        TableWriter.Write(output, ["TARGET", "CHECK", "OUTCOME", "DETAIL"],
            view.AuthChecks.Select(c => (IReadOnlyList<string?>)[c.Target, c.Check, c.Outcome.ToString(), c.Detail]));
    }

    public static string SuppressionsPath(string? domain, string? address, bool all) =>
        "/v1/suppressions?" + Query(("domain", domain), ("address", address), ("all", all ? "true" : "false"));

    public async Task SuppressionsListAsync(string? domain, string? address, bool all) =>
        TableWriter.Write(output, ["DOMAIN", "ADDRESS", "REASON", "SCOPE", "SINCE", "UNTIL", "SOURCE", "BY", "DETAIL"],
            (await gateway.GetAsync(SuppressionsPath(domain, address, all), Json.IReadOnlyListSuppressionView)).Select(s => (IReadOnlyList<string?>)
                [s.Domain, s.Address, s.Reason.ToString(), s.Scope.ToString(), Time(s.At), Time(s.Until) ?? "-", s.Source, s.By, s.Detail]));

    public async Task SuppressionsAddAsync(string address, string reason, string? domain, bool massOnly, DateTimeOffset? until, string? by)
    {
        var added = await gateway.PostAsync("/v1/suppressions", new SuppressRequest(address, domain, reason, massOnly, until, by), Json.SuppressRequest, Json.SuppressionView);
        output.WriteLine($"{added.Address} suppressed for {(added.Scope == SuppressionScope.MassMail ? "mass mail" : "all mail")} from {added.Domain}{(Time(added.Until) is { } u ? $" until {u}" : "")}");
    }

    public async Task SuppressionsRemoveAsync(string address, string? domain, string? by)
    {
        await gateway.DeleteAsync($"/v1/suppressions/{Uri.EscapeDataString(address)}?" + Query(("domain", domain), ("by", by)));
        output.WriteLine($"{address} taken off the suppression list");
    }

    public async Task BouncesAsync()
    {
        var view = await gateway.GetAsync("/v1/bounces", Json.BouncesView);
        TableWriter.Write(output, ["ACCOUNT", "SENT 24H", "HARD", "SOFT", "POLICY", "SENDER QUOTA", "COMPLAINTS", "HARD RATE", "COMPLAINT RATE"],
            view.Accounts.Select(a => (IReadOnlyList<string?>)
            [
                a.Account, a.Sent.ToString(), Count(a, BounceClass.Hard), Count(a, BounceClass.Soft), Count(a, BounceClass.Policy), Count(a, BounceClass.SenderQuota),
                Count(a, BounceClass.Complaint), $"{a.HardBounceRate:P2}", $"{a.ComplaintRate:P2}",
            ]));
    }

    static string Count(AccountBounces account, BounceClass @class) => account.Reports.GetValueOrDefault(@class).ToString();

    public async Task AuditAsync() =>
        TableWriter.Write(output, ["AT", "ACTION", "TARGET", "BY", "DETAIL"],
            (await gateway.GetAsync("/v1/audit", Json.IReadOnlyListAuditEntry)).Select(a => (IReadOnlyList<string?>)[Time(a.At), a.Action, a.Target, a.By, a.Detail]));

    static string Used(long used, int? cap, long? remaining) => cap is { } c ? $"{used}/{c} ({remaining} left)" : $"{used} (no cap)";

    static string Scope(ControlAccepted answer) => answer.Scope == HoldView.Everything ? "all sending" : answer.Scope;

    static string Query(params (string Name, string? Value)[] parameters) =>
        string.Join("&", parameters.Where(q => q.Value is not null).Select(q => $"{q.Name}={Uri.EscapeDataString(q.Value!)}"));
}
