namespace Queue.Contracts;

/// <summary>A recipient the SMTP server refused, with its reply.</summary>
public sealed record RecipientRefusal
{
    public string Address { get; init; } = "";

    public string SmtpReply { get; init; } = "";
}
