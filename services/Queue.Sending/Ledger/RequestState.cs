namespace Queue.Sending.Ledger;

public enum RequestState
{
    /// <summary>This caller may send it now; no one else will until it completes or the lease ends.</summary>
    Began,

    /// <summary>Another delivery of the same RequestId is being sent right now.</summary>
    InFlight,

    Sent,

    Failed,
}
