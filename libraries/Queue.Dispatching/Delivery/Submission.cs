using Queue.Sending.Transport;

namespace Queue.Dispatching.Delivery;

/// <summary>What one SMTP submission came to.</summary>
/// <param name="CannotSend">The transport threw: it cannot send this request at all, and trying again would loop.</param>
public sealed record Submission(SendResult Result, bool CannotSend);
