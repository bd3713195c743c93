namespace Queue.Sending.Ledger;

public enum SettleResult
{
    /// <summary>The outcome is recorded: no attempt will send the request.</summary>
    Settled,

    /// <summary>An attempt is sending it right now; its own outcome will stand.</summary>
    Sending,

    /// <summary>It was finished already (sent, failed or rejected).</summary>
    Finished,
}
