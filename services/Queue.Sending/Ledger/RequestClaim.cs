namespace Queue.Sending.Ledger;

/// <param name="Token">Names this attempt's claim, so only its owner can give it up.</param>
public sealed record RequestClaim(Guid RequestId, RequestState State, string Token)
{
    /// <summary>This caller holds the claim and sends.</summary>
    public bool Granted => State is RequestState.Began or RequestState.Resumed;
}
