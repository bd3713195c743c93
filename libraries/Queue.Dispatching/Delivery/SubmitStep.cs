using System.Diagnostics;
using Queue.Dispatching.Telemetry;
using Queue.Sending.Composition;
using Queue.Sending.Transport;
using StackExchange.Redis;

namespace Queue.Dispatching.Delivery;

/// <summary>
/// The submit step: one SMTP submission, timed and traced as a child of the consume span. Not cancelled when the lane
/// pauses: a send cut off midway is one in doubt; the route's own timeout bounds it. A transport that throws cannot
/// send this request for a reason of its own (an address it cannot write as an SMTP path, say): trying again would
/// loop, so the request fails with that reason (<see cref="Submission.CannotSend"/>), counted as possibly seen by the server.
/// </summary>
public sealed class SubmitStep(IMailTransport transport, DispatcherMetrics metrics, TimeProvider clock, ILogger<SubmitStep> logger)
{
    public async Task<Submission> SubmitAsync(LaneDelivery delivery, OutgoingMail mail)
    {
        var account = delivery.Account;
        using var activity = DispatcherMetrics.Activities.StartActivity("smtp submit", ActivityKind.Client);
        activity?.SetTag("queue.request_id", mail.RequestId.ToString());
        activity?.SetTag("queue.account", account.Address);
        activity?.SetTag("queue.attempt", delivery.Attempt + 1);
        activity?.SetTag("server.address", account.Route.Host);
        activity?.SetTag("server.port", account.Route.Port);
        var started = clock.GetTimestamp();
        SendResult result;
        var cannotSend = false;
        try
        {
            result = await transport.SendAsync(mail, account.Route, CancellationToken.None);
        }
        catch (Exception e) when (e is not (RedisException or OutOfMemoryException))
        {
            logger.LogError(e, "The transport could not send the request");
            result = new SendResult(SendStatus.PermanentFailure, $"Queue could not send it: {e.Message}", [], MayHaveBeenCounted: true);
            cannotSend = true;
        }

        var replyClass = cannotSend ? "transport" : ReplyClass(result);
        metrics.Submitted(account.Address, replyClass, clock.GetElapsedTime(started));
        activity?.SetTag("smtp.reply", result.Reply);
        activity?.SetTag("smtp.reply_class", replyClass);
        if (result.Status != SendStatus.Sent)
        {
            activity?.SetStatus(ActivityStatusCode.Error, result.Reply);
        }

        return new Submission(result, cannotSend);
    }

    internal static string ReplyClass(SendResult result) => result switch
    {
        { Status: SendStatus.Sent } => "2xx",
        { Kind: SendFailureKind.Timeout } => "timeout",
        { Unreachable: true } => "connection",
        { Status: SendStatus.PermanentFailure } => "5xx",
        _ => "4xx",
    };
}
