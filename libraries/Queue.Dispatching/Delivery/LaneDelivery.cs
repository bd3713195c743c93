using MassTransit;
using Queue.Contracts;
using Queue.Dispatching.Lanes;
using Queue.Dispatching.Parking;
using Queue.Sending.Accounts;

namespace Queue.Dispatching.Delivery;

/// <summary>
/// One attempt at a request of a lane, as the lane's steps hand it on: what was consumed, for which account and
/// lane, and what a step left for the steps after it. A consumer instance handles one message, and so does this.
/// </summary>
public sealed class LaneDelivery(ConsumeContext<SendEmail> context, SenderAccount account, Lane lane)
{
    public ConsumeContext<SendEmail> Context => context;

    public SendEmail Request => context.Message;

    public SenderAccount Account => account;

    public Lane Lane => lane;

    /// <summary>Earlier attempts at the request (0 on the first), from the header parking keeps.</summary>
    public int Attempt { get; } = ParkingLot.Attempt(context);

    /// <summary>
    /// The token of the ledger claim this attempt makes, known before the claim is asked for, so that a Redis failure
    /// even in the middle of that call can hand the claim on; null when there is nothing to hand on (the claim is not
    /// this attempt's, or the SMTP server may have the message).
    /// </summary>
    public string? ClaimToken { get; set; }

    /// <summary>An earlier attempt may have reached the server: the request says so, or its claim was resumed.</summary>
    public bool InDoubt { get; set; }
}
