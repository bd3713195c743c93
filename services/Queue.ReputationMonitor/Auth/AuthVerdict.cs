using Queue.Reputation.Status;

namespace Queue.ReputationMonitor.Auth;

public sealed record AuthVerdict(AuthCheckOutcome Outcome, string Detail)
{
    public static AuthVerdict Pass(string detail) => new(AuthCheckOutcome.Pass, detail);

    public static AuthVerdict Fail(string detail) => new(AuthCheckOutcome.Fail, detail);

    public static AuthVerdict Unknown(string detail) => new(AuthCheckOutcome.Unknown, detail);
}
