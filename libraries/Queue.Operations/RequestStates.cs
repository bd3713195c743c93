namespace Queue.Operations;

/// <summary>The states a request is reported in.</summary>
public static class RequestStates
{
    public const string Received = "received";
    public const string Accepted = "accepted";
    public const string Held = "held";
    public const string Approved = "approved";
    public const string Denied = "denied";
    public const string Split = "split";
    public const string Deferred = "deferred";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Rejected = "rejected";

    /// <summary>A report came back after sending: a recipient bounced (not a state the request ends in; noted in its history).</summary>
    public const string Bounced = "bounced";

    /// <summary>A recipient marked the message as spam (noted in the history).</summary>
    public const string Complained = "complained";

    /// <summary>Sent, but an earlier attempt may have reached the server too: a recipient may get it twice.</summary>
    public const string SentInDoubt = "sent-in-doubt";

    /// <summary>Failed, but an attempt may have reached the server without an answer: it may have been delivered.</summary>
    public const string FailedInDoubt = "failed-in-doubt";

    /// <summary>A split request all of whose parts are done, some of them failed or rejected.</summary>
    public const string PartlyFailed = "partly-failed";
}
