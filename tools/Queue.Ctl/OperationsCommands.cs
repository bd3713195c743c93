using System.Text.Json;

namespace Queue.Ctl;

/// <summary>quotas, holds, pause, resume, lanes, reputation, audit.</summary>
public sealed class OperationsCommands(GatewayClient gateway, TextWriter output)
{
    public async Task QuotasAsync(CliArgs args)
    {
        var accounts = args.Words.Count > 1 ? [await gateway.GetAsync($"/v1/quotas/{Uri.EscapeDataString(args.Words[1])}")] : (await gateway.GetAsync("/v1/quotas")).Items();
        TableWriter.Write(output, ["ACCOUNT", "LIMIT", "MESSAGES", "RECIPIENTS", "USE", "FREES AT", "NEXT ALLOWED"],
            accounts.SelectMany(a => a.Items("limits").Select(l => (IReadOnlyList<string?>)
            [
                a.S("account"), l.S("limit"), Used(l, "messages", "messageCap", "remainingMessages"), Used(l, "recipients", "recipientCap", "remainingRecipients"),
                $"{l.GetProperty("utilisation").GetDouble():P0}", l.Time("freesAt"), l.Time("nextAllowedAt"),
            ])));
        foreach (var account in accounts)
        {
            foreach (var (scope, ramp) in new[] { (account.S("account"), "warmup"), ("domain", "domainWarmup") })
            {
                if (account.TryGetProperty(ramp, out var w) && w.ValueKind == JsonValueKind.Object)
                {
                    output.WriteLine($"{scope}: warm-up day {w.GetProperty("day")} of {w.GetProperty("days")}, cap today {w.GetProperty("capToday")}");
                }
            }
        }
    }

    public async Task HoldsAsync() =>
        TableWriter.Write(output, ["SCOPE", "SOURCE", "KIND", "REASON", "BY", "SINCE", "UNTIL"],
            (await gateway.GetAsync("/v1/holds")).Items().Select(h => (IReadOnlyList<string?>)
                [h.S("scope"), h.S("source"), h.S("kind"), h.S("reason"), h.S("by"), h.Time("at"), h.Time("until") ?? "resumed by hand"]));

    public async Task PauseAsync(CliArgs args)
    {
        var account = args.Flag("all") ? null : args.Word(1, "ACCOUNT (or --all)");
        var reason = args.Option("reason") ?? throw CliException.Usage("give --reason: why sending stops is recorded");
        DateTimeOffset? until = null;
        if (args.Option("until") is { } text)
        {
            until = DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at)
                ? at
                : throw CliException.Usage($"--until '{text}' is not a time; give ISO 8601, e.g. 2026-11-22T18:00:00-05:00");
        }

        var answer = await gateway.PostAsync("/v1/pause", new { account, reason, until, by = args.Option("by") });
        output.WriteLine($"pause of {Scope(answer)} sent to the dispatchers (by {answer.S("by")}); see `queuectl holds`");
    }

    public async Task ResumeAsync(CliArgs args)
    {
        var account = args.Flag("all") ? null : args.Word(1, "ACCOUNT (or --all)");
        var answer = await gateway.PostAsync("/v1/resume", new { account, by = args.Option("by") });
        output.WriteLine($"resume of {Scope(answer)} sent to the dispatchers (by {answer.S("by")})");
    }

    public async Task LanesAsync()
    {
        var lanes = (await gateway.GetAsync("/v1/lanes")).Items().ToList();
        TableWriter.Write(output, ["ACCOUNT", "STATE", "UNTIL", "READY", "SENDING", "OPEN", "OLDEST", "NEXT ALLOWED", "HELD BY"],
            lanes.Select(l => (IReadOnlyList<string?>)
            [
                l.S("account"), l.S("state")?.ToLowerInvariant(), l.S("state") == "Held" ? l.Time("heldUntil") ?? "released by hand" : "-",
                l.S("ready") ?? "?", l.S("unacknowledged") ?? "?", l.S("openRequests"), Age(l.S("oldestAgeSeconds")), l.Time("nextAllowedAt"),
                string.Join("; ", l.Items("heldBy").Select(h => $"{h.S("kind")}: {h.S("reason")} (since {h.Time("since")}{(h.Time("nextTry") is { } next ? $", next try {next}" : "")})"))
                    is { Length: > 0 } held ? held : "-",
            ]));
        var progress = lanes.SelectMany(l => l.Items("progress").Select(p => (Account: l.S("account"), P: p))).ToList();
        if (progress.Count > 0)
        {
            output.WriteLine();
            TableWriter.Write(output, ["ACCOUNT", "REQUEST", "SENT", "FAILED", "PENDING", "ESTIMATED COMPLETION"],
                progress.Select(x => (IReadOnlyList<string?>)
                    [x.Account, x.P.S("requestId"), $"{x.P.S("sent")}/{x.P.S("total")}", x.P.S("failed"), x.P.S("pending"), x.P.Time("estimatedCompletion") ?? "paused"]));
        }
    }

    /// <summary><c>dead-letters</c> lists; <c>dead-letters republish|purge [--reason R] [--id MESSAGE-ID]</c> acts.</summary>
    public async Task DeadLettersAsync(CliArgs args)
    {
        if (args.Words.Count > 1)
        {
            var action = args.Words[1] is "republish" or "purge" ? args.Words[1] : throw new CliException($"'{args.Words[1]}': use dead-letters republish or dead-letters purge");
            var answer = await gateway.PostAsync($"/v1/dead-letters/{action}", new { reason = args.Option("reason"), messageId = args.Option("id"), by = args.Option("by") });
            output.WriteLine($"{action}: {answer.S("count")} requests");
            return;
        }

        var view = await gateway.GetAsync("/v1/dead-letters");
        output.WriteLine(string.Join(", ", view.GetProperty("counts").EnumerateObject().Select(c => $"{c.Value} {c.Name}")) is { Length: > 0 } counts ? counts : "none set aside");
        TableWriter.Write(output, ["REASON", "MESSAGE ID", "REQUEST", "AT", "WHY"],
            view.Items("items").Select(d => (IReadOnlyList<string?>)[d.S("reason"), d.S("messageId"), d.S("requestId"), d.Time("at"), d.S("why")]));
    }

    public async Task ReputationAsync()
    {
        var view = await gateway.GetAsync("/v1/reputation");
        TableWriter.Write(output, ["ZONE", "STATE", "LISTED"],
            view.Items("zones").Select(z => (IReadOnlyList<string?>)[z.S("zone"), z.S("state"), string.Join(", ", z.Items("listed").Select(t => t.GetString()))]));
        if (view.TryGetProperty("resolver", out var resolver) && resolver.S("healthy") == "False")
        {
            output.WriteLine($"the monitor's resolver does not answer (since {resolver.Time("since")}): every check below reads Unknown");
        }

        foreach (var degraded in view.Items("degraded"))
        {
            output.WriteLine($"degraded: {degraded.S("zone")} since {degraded.Time("since")}: {degraded.S("reason")}");
        }

        output.WriteLine();
        TableWriter.Write(output, ["TARGET", "CHECK", "OUTCOME", "DETAIL"],
            view.Items("authChecks").Select(c => (IReadOnlyList<string?>)[c.S("target"), c.S("check"), c.S("outcome"), c.S("detail")]));
    }

    public async Task SuppressionsAsync(CliArgs args)
    {
        switch (args.Word(1, "list|add|remove"))
        {
            case "list":
                var query = string.Join("&", new[] { ("domain", args.Option("domain")), ("address", args.Option("address")) }
                    .Where(q => q.Item2 is not null).Select(q => $"{q.Item1}={Uri.EscapeDataString(q.Item2!)}").Append(args.Flag("all") ? "all=true" : "all=false"));
                TableWriter.Write(output, ["DOMAIN", "ADDRESS", "REASON", "SCOPE", "SINCE", "UNTIL", "SOURCE", "BY", "DETAIL"],
                    (await gateway.GetAsync($"/v1/suppressions?{query}")).Items().Select(s => (IReadOnlyList<string?>)
                        [s.S("domain"), s.S("address"), s.S("reason"), s.S("scope"), s.Time("at"), s.Time("until") ?? "-", s.S("source"), s.S("by"), s.S("detail")]));
                break;
            case "add":
                var address = args.Word(2, "ADDRESS");
                var reason = args.Option("reason") ?? throw new CliException("give --reason: why this address gets no mail is recorded");
                DateTimeOffset? until = args.Option("until") is { } text ? DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : null;
                var added = await gateway.PostAsync("/v1/suppressions", new { address, domain = args.Option("domain"), reason, massOnly = args.Flag("mass-only"), until, by = args.Option("by") });
                output.WriteLine($"{added.S("address")} suppressed for {(added.S("scope") == "MassMail" ? "mass mail" : "all mail")} from {added.S("domain")}{(added.Time("until") is { } u ? $" until {u}" : "")}");
                break;
            case "remove":
                var removed = args.Word(2, "ADDRESS");
                var path = $"/v1/suppressions/{Uri.EscapeDataString(removed)}?" + string.Join("&", new[] { ("domain", args.Option("domain")), ("by", args.Option("by")) }
                    .Where(q => q.Item2 is not null).Select(q => $"{q.Item1}={Uri.EscapeDataString(q.Item2!)}"));
                await gateway.DeleteAsync(path);
                output.WriteLine($"{removed} taken off the suppression list");
                break;
            case var other:
                throw new CliException($"unknown suppressions command '{other}'; use list, add or remove");
        }
    }

    public async Task BouncesAsync()
    {
        var view = await gateway.GetAsync("/v1/bounces");
        TableWriter.Write(output, ["ACCOUNT", "SENT 24H", "HARD", "SOFT", "POLICY", "SENDER QUOTA", "COMPLAINTS", "HARD RATE", "COMPLAINT RATE"],
            view.Items("accounts").Select(a => (IReadOnlyList<string?>)
            [
                a.S("account"), a.S("sent"), Count(a, "Hard"), Count(a, "Soft"), Count(a, "Policy"), Count(a, "SenderQuota"), Count(a, "Complaint"),
                $"{a.GetProperty("hardBounceRate").GetDouble():P2}", $"{a.GetProperty("complaintRate").GetDouble():P2}",
            ]));
    }

    static string Count(JsonElement account, string @class) =>
        account.TryGetProperty("reports", out var reports) && reports.TryGetProperty(@class, out var n) ? n.ToString() : "0";

    public async Task AuditAsync() =>
        TableWriter.Write(output, ["AT", "ACTION", "TARGET", "BY", "DETAIL"],
            (await gateway.GetAsync("/v1/audit")).Items().Select(a => (IReadOnlyList<string?>)[a.Time("at"), a.S("action"), a.S("target"), a.S("by"), a.S("detail")]));

    static string Used(JsonElement limit, string used, string cap, string remaining) =>
        limit.S(cap) is { } c ? $"{limit.S(used)}/{c} ({limit.S(remaining)} left)" : $"{limit.S(used)} (no cap)";

    static string? Scope(JsonElement answer) => answer.S("scope") == "*" ? "all sending" : answer.S("scope");

    static string Age(string? seconds) =>
        double.TryParse(seconds, System.Globalization.CultureInfo.InvariantCulture, out var s) ? TimeSpan.FromSeconds(Math.Round(s)).ToString() : "-";
}
