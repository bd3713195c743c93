using Queue.Contracts;
using Queue.Operations;
using static Queue.Ctl.Format;

namespace Queue.Ctl;

/// <summary>status, rejections, send, approvals, approve, deny, cancel.</summary>
public sealed class RequestCommands(GatewayClient gateway, TextWriter output)
{
    static readonly CtlJson Json = CtlJson.Default;

    public async Task StatusAsync(Guid requestId)
    {
        var status = await gateway.GetAsync($"/v1/messages/{requestId}", Json.RequestStatusView);
        output.WriteLine($"{status.RequestId}  {status.State.ToUpperInvariant()}");
        output.WriteLine(status.Summary);
        if (status.Progress is { } progress)
        {
            output.WriteLine($"parts: {progress.Sent} sent, {progress.Failed} failed, {progress.Pending} pending of {progress.Total}");
        }

        output.WriteLine();
        TableWriter.Write(output, ["AT", "STATE", "DETAIL"], status.History.Select(t => (IReadOnlyList<string?>)
            [Time(t.At), t.State, string.Join(" ", new[] { t.Rule, t.Reason, t.SmtpReply, t.MessageId, t.By }.Where(s => s is not null))]));
    }

    public async Task RejectionsAsync() =>
        TableWriter.Write(output, ["AT", "REQUEST", "APPLICATION", "FROM", "RULES"],
            (await gateway.GetAsync("/v1/rejections", Json.IReadOnlyListRecentRejection)).Select(r => (IReadOnlyList<string?>)
                [Time(r.At), r.RequestId.ToString(), r.Application, r.From, string.Join(", ", r.Rules)]));

    /// <summary>Submits a SendEmail JSON file (as an application would), for trying the intake by hand.</summary>
    public async Task SendAsync(string file)
    {
        var answer = await gateway.PostJsonAsync("/v1/messages", await CliFiles.ReadAsync(file), Json.SubmittedRequest);
        output.WriteLine($"{answer.RequestId} accepted{(answer.Replayed ? " before (replay)" : "")}: {answer.StatusUrl}");
    }

    public async Task ApprovalsAsync() =>
        TableWriter.Write(output, ["REQUEST", "FROM", "CATEGORY", "SUBJECT", "RECIPIENTS", "RULE", "HELD", "EXPIRES"],
            (await gateway.GetAsync("/v1/approvals", Json.IReadOnlyListPendingApproval)).Select(a => (IReadOnlyList<string?>)
                [a.RequestId.ToString(), a.From, a.Category.ToString(), a.Subject, a.Recipients.ToString(), a.Rule, Time(a.HeldAt), Time(a.ExpiresAt)]));

    public async Task ApproveAsync(Guid requestId, string? comment, string? by, IReadOnlyList<ApprovalAdvisor> advisedBy)
    {
        var answer = await gateway.PostAsync($"/v1/approvals/{requestId}/approve", new ApproveRequest(comment, by, advisedBy), Json.ApproveRequest, Json.DecisionAccepted);
        output.WriteLine($"approval of {answer.RequestId} sent (by {answer.By}); follow it with `queuectl status {answer.RequestId}`");
    }

    public async Task DenyAsync(Guid requestId, string reason, string? by)
    {
        var answer = await gateway.PostAsync($"/v1/approvals/{requestId}/deny", new DenyRequest(reason, by), Json.DenyRequest, Json.DecisionAccepted);
        output.WriteLine($"denial of {answer.RequestId} sent (by {answer.By})");
    }

    public async Task CancelAsync(Guid requestId, string reason, string? by)
    {
        var answer = await gateway.PostAsync($"/v1/messages/{requestId}/cancel", new CancelRequest(reason, by), Json.CancelRequest, Json.Cancelled);
        output.WriteLine($"{answer.RequestId} cancelled (by {answer.By}); it ends rejected (operator.cancelled)");
    }
}
