using Queue.Contracts;

namespace Queue.Sending.Transport;

/// <summary>A recipient the server refused at RCPT TO, with its reply code as a number (events carry only the reply text).</summary>
/// <param name="Code">The SMTP reply code, e.g. 550 or 451.</param>
public sealed record RefusedRecipient(RecipientRefusal Refusal, int Code)
{
    /// <summary>Refused for now (4xx: greylisting, "452 too many recipients"): worth trying again later.</summary>
    public bool ForNow => Code is >= 400 and < 500;
}
