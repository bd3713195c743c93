using Queue.Contracts;

namespace Queue.Operations;

/// <summary>A hold in force: a reason not to send (or to send less) that outlives any one process, an operator's or a blocklist's.</summary>
/// <param name="Scope">A sender account, a domain (<c>@pasto.gov.co</c>) or <c>*</c> for everything.</param>
/// <param name="Source"><c>operator</c>, or <c>reputation:zone:list:target</c> (one hold per listing).</param>
/// <param name="Fraction">For a throttle, the fraction of every quota left.</param>
/// <param name="Severity">For a blocklist's hold, the severity of its list.</param>
public sealed record HoldView(
    string Scope, string Source, HoldKind Kind, string Reason, string By, DateTimeOffset At, DateTimeOffset? Until, double Fraction, ReputationSeverity? Severity)
{
    /// <summary>The scope that stands for all sending.</summary>
    public const string Everything = "*";
}
