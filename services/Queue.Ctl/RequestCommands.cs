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
        var answer = await gateway.PostJsonAsync("/v1/messages", await File.ReadAllTextAsync(args.Word(1, "FILE.json")));
        output.WriteLine($"{answer.S("requestId")} accepted{(answer.S("replayed") == "True" ? " before (replay)" : "")}: {answer.S("statusUrl")}");
    }

    public async Task ApprovalsAsync() =>
        TableWriter.Write(output, ["REQUEST", "FROM", "SUBJECT", "RECIPIENTS", "RULE", "HELD", "EXPIRES"],
            (await gateway.GetAsync("/v1/approvals")).Items().Select(a => (IReadOnlyList<string?>)
                [a.S("requestId"), a.S("from"), a.S("subject"), a.S("recipients"), a.S("rule"), a.Time("heldAt"), a.Time("expiresAt")]));

    public async Task ApproveAsync(CliArgs args)
    {
        var answer = await gateway.PostAsync($"/v1/approvals/{Id(args)}/approve", new { comment = args.Option("comment"), by = args.Option("by") });
        output.WriteLine($"approval of {answer.S("requestId")} sent (by {answer.S("by")}); follow it with `queuectl status {answer.S("requestId")}`");
    }

    public async Task DenyAsync(CliArgs args)
    {
        var reason = args.Option("reason") ?? throw new CliException("give --reason: the requester is told why");
        var answer = await gateway.PostAsync($"/v1/approvals/{Id(args)}/deny", new { reason, by = args.Option("by") });
        output.WriteLine($"denial of {answer.S("requestId")} sent (by {answer.S("by")})");
    }

    static string Id(CliArgs args) =>
        Guid.TryParse(args.Word(1, "REQUEST-ID"), out var id) ? id.ToString() : throw new CliException($"'{args.Words[1]}' is not a request id (a GUID)");
}
