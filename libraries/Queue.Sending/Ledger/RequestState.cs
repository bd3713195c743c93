namespace Queue.Sending.Ledger;

public enum RequestState
{
    /// <summary>This caller may send it now; no one else will until it completes or the lease ends.</summary>
    Began,

    /// <summary>
    /// This caller may send it now, but an earlier attempt claimed it and ended without an outcome (its process
    /// died while sending): the server may already have taken that attempt, so sending again may deliver twice.
    /// </summary>
    Resumed,

    /// <summary>Another delivery of the same RequestId is being sent right now.</summary>
    InFlight,

    Sent,

    Failed,

    /// <summary>Refused before SMTP for good (a rule after intake, or an operator's cancellation).</summary>
    Rejected,
}
