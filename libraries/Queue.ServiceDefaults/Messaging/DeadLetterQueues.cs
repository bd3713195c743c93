namespace Queue.ServiceDefaults.Messaging;

/// <summary>
/// Where MassTransit sets aside what the intake queue cannot consume: <c>_error</c> for a request that cannot be read
/// (its exception in the headers), <c>_skipped</c> for a message of a type no consumer knows.
/// </summary>
public static class DeadLetterQueues
{
    public const string Unreadable = "unreadable";
    public const string UnknownType = "unknown-type";

    public static IReadOnlyList<(string Reason, string Queue)> Of(string intakeQueue) =>
        [(Unreadable, intakeQueue + "_error"), (UnknownType, intakeQueue + "_skipped")];
}
