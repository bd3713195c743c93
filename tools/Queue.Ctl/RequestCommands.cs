using System.Text.Json;

namespace Queue.Ctl;

/// <summary>status, rejections, send, approvals, approve, deny.</summary>
public sealed class RequestCommands(GatewayClient gateway, TextWriter output)
{
    public async Task StatusAsync(CliArgs args)
    {
        var status = await gateway.GetAsync($"/v1/messages/{Id(args)}");
        output.WriteLine($"{status.S("requestId")}  {status.S("state")?.ToUpperInvariant()}");
        output.WriteLine(status.S("summary"));
        if (status.TryGetProperty("progress", out var progress) && progress.ValueKind == JsonValueKind.Object)
        {
            output.WriteLine($"parts: {progress.S("sent")} sent, {progress.S("failed")} failed, {progress.S("pending")} pending of {progress.S("total")}");
        }

        output.WriteLine();
        TableWriter.Write(output, ["AT", "STATE", "DETAIL"], status.Items("history").Select(t => (IReadOnlyList<string?>)
            [t.Time("at"), t.S("state"), string.Join(" ", new[] { t.S("rule"), t.S("reason"), t.S("smtpReply"), t.S("messageId"), t.S("by") }.Where(s => s is not null))]));
    }

    public async Task RejectionsAsync() =>
        TableWriter.Write(output, ["AT", "REQUEST", "APPLICATION", "FROM", "RULES"],
            (await gateway.GetAsync("/v1/rejections")).Items().Select(r => (IReadOnlyList<string?>)
                [r.Time("at"), r.S("requestId"), r.S("application"), r.S("from"), string.Join(", ", r.Items("rules").Select(x => x.GetString()))]));

    /// <summary>Submits a SendEmail JSON file (as an application would), for trying the intake by hand.</summary>
    public async Task SendAsync(CliArgs args)
    {
        var file = args.Word(1, "FILE.json");
        string json;
        try
        {
            json = await File.ReadAllTextAsync(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw CliException.Usage($"cannot read {file}: {e.Message}");
        }

        var answer = await gateway.PostJsonAsync("/v1/messages", json);
        output.WriteLine($"{answer.S("requestId")} accepted{(answer.S("replayed") == "True" ? " before (replay)" : "")}: {answer.S("statusUrl")}");
    }

    public async Task ApprovalsAsync() =>
        TableWriter.Write(output, ["REQUEST", "FROM", "CATEGORY", "SUBJECT", "RECIPIENTS", "RULE", "HELD", "EXPIRES"],
            (await gateway.GetAsync("/v1/approvals")).Items().Select(a => (IReadOnlyList<string?>)
                [a.S("requestId"), a.S("from"), a.S("category"), a.S("subject"), a.S("recipients"), a.S("rule"), a.Time("heldAt"), a.Time("expiresAt")]));

    public async Task ApproveAsync(CliArgs args)
    {
        var answer = await gateway.PostAsync($"/v1/approvals/{Id(args)}/approve", new { comment = args.Option("comment"), by = args.Option("by"), advisedBy = Advisers(args) });
        output.WriteLine($"approval of {answer.S("requestId")} sent (by {answer.S("by")}); follow it with `queuectl status {answer.S("requestId")}`");
    }

    public async Task DenyAsync(CliArgs args)
    {
        var reason = args.Option("reason") ?? throw CliException.Usage("give --reason: the requester is told why");
        var answer = await gateway.PostAsync($"/v1/approvals/{Id(args)}/deny", new { reason, by = args.Option("by") });
        output.WriteLine($"denial of {answer.S("requestId")} sent (by {answer.S("by")})");
    }

    public async Task CancelAsync(CliArgs args)
    {
        var reason = args.Option("reason") ?? throw new CliException("give --reason: the requester is told why");
        var answer = await gateway.PostAsync($"/v1/messages/{Id(args)}/cancel", new { reason, by = args.Option("by") });
        output.WriteLine($"{answer.S("requestId")} cancelled (by {answer.S("by")}); it ends rejected (operator.cancelled)");
    }

    static string Id(CliArgs args) =>
        Guid.TryParse(args.Word(1, "REQUEST-ID"), out var id) ? id.ToString() : throw CliException.Usage($"'{args.Words[1]}' is not a request id (a GUID)");

    /// <summary>The gateway's names of who may advise (ApprovalAdvisor in Queue.Contracts), by their command-line spelling.</summary>
    static readonly Dictionary<string, string> AdviserNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mayors-office"] = "MayorsOffice", ["human-resources"] = "HumanResources", ["information-systems"] = "InformationSystems",
    };

    /// <summary><c>--advised-by mayors-office,human-resources</c>.</summary>
    static string[] Advisers(CliArgs args) =>
        (args.Option("advised-by") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(name =>
            AdviserNames.TryGetValue(name, out var advisor) || AdviserNames.TryGetValue(string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? $"-{c}" : $"{c}")), out advisor)
                ? advisor
                : throw CliException.Usage($"--advised-by '{name}' is not one of {string.Join(", ", AdviserNames.Keys)}")).ToArray();
}
