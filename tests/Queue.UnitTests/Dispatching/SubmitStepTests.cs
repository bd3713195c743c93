using Microsoft.Extensions.DependencyInjection;
using Queue.Dispatching.Delivery;
using Queue.Sending.Transport;

namespace Queue.UnitTests.Dispatching;

/// <summary>The submit step: one SMTP submission, and a transport that cannot send the request at all.</summary>
public sealed class SubmitStepTests
{
    static async Task<Submission> SubmitAsync(Func<Queue.Sending.Composition.OutgoingMail, SendResult> answer)
    {
        var submitted = new TaskCompletionSource<Submission>();
        await using var host = await LaneTestHost.StartProbeAsync(
            async (services, delivery) =>
            {
                var mail = TestRequests.Composer().Compose(delivery.Request, delivery.Account);
                submitted.SetResult(await services.GetRequiredService<SubmitStep>().SubmitAsync(delivery, mail));
            },
            h => h.Transport.Answer = answer);
        await host.DeliverAsync(TestRequests.Valid());
        return await submitted.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task The_transport_answer_is_the_submission()
    {
        var submission = await SubmitAsync(_ => new SendResult(SendStatus.Sent, "250 OK", [], MayHaveBeenCounted: true));

        Assert.False(submission.CannotSend);
        Assert.Equal((SendStatus.Sent, "250 OK"), (submission.Result.Status, submission.Result.Reply));
    }

    [Fact]
    public async Task A_transport_that_throws_cannot_send_and_the_server_may_have_counted_it()
    {
        var submission = await SubmitAsync(_ => throw new ArgumentException("no SMTP path"));

        Assert.True(submission.CannotSend);
        Assert.Equal(SendStatus.PermanentFailure, submission.Result.Status);
        Assert.True(submission.Result.MayHaveBeenCounted);
        Assert.Equal("Queue could not send it: no SMTP path", submission.Result.Reply);
    }

    [Theory]
    [InlineData(SendStatus.Sent, SendFailureKind.None, false, "2xx")]
    [InlineData(SendStatus.TransientFailure, SendFailureKind.Timeout, false, "timeout")]
    [InlineData(SendStatus.TransientFailure, SendFailureKind.Session, true, "connection")]
    [InlineData(SendStatus.PermanentFailure, SendFailureKind.Message, false, "5xx")]
    [InlineData(SendStatus.TransientFailure, SendFailureKind.Message, false, "4xx")]
    public void Replies_are_classed_for_the_metrics_by_their_kind_not_their_text(SendStatus status, SendFailureKind kind, bool unreachable, string replyClass) =>
        Assert.Equal(replyClass, SubmitStep.ReplyClass(new SendResult(status, "any text", [], MayHaveBeenCounted: false) { Kind = kind, Unreachable = unreachable }));
}
