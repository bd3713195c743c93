namespace Queue.Sending.Ledger;

/// <param name="Token">Names this attempt's claim, so only its owner can give it up.</param>
/// <param name="QuotaAttempt">
/// Names the quota reservation of the SMTP attempt this claim stands for. A claim taken over from an attempt that
/// never reached SMTP keeps the earlier one (so its reservation, if made, is not counted twice); every other claim
/// gets a new one, so each real SMTP attempt reserves quota anew.
/// </param>
/// <param name="Outcome">What became of the request, when <see cref="State"/> is a final one and the ledger kept it.</param>
public sealed record RequestClaim(Guid RequestId, RequestState State, string Token, string QuotaAttempt = "", RequestOutcome? Outcome = null)
{
    /// <summary>This caller holds the claim and sends.</summary>
    public bool Granted => State is RequestState.Began or RequestState.Resumed;

    /// <summary>The request is finished (sent, failed or rejected): nothing more is sent.</summary>
    public bool Finished => State is RequestState.Sent or RequestState.Failed or RequestState.Rejected;
}
