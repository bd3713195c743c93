using System.Text.Json.Serialization;
using Queue.Contracts;
using Queue.Sending.Lanes;

namespace Queue.Sending.Control;

[JsonConverter(typeof(JsonStringEnumConverter<HoldKind>))]
public enum HoldKind
{
    /// <summary>Nothing is sent.</summary>
    Pause,

    /// <summary>Bulk priority and mass mail wait; the rest is sent.</summary>
    PauseBulk,

    /// <summary>Sending goes on at a fraction of every quota.</summary>
    Throttle,
}

/// <summary>A reason not to send (or to send less) that outlives any one process: an operator's or a blocklist's.</summary>
/// <param name="Scope">A sender account, a domain (<c>@pasto.gov.co</c>) or <c>*</c> for everything.</param>
/// <param name="Source"><c>operator</c>, or <c>reputation:zone:list:target</c> (one hold per listing).</param>
/// <param name="Severity">For a blocklist's hold, the severity of its list.</param>
public sealed record SendingHold(
    string Scope, string Source, HoldKind Kind, string Reason, string By, DateTimeOffset At, DateTimeOffset? Until = null, double Fraction = 1,
    ReputationSeverity? Severity = null)
{
    public const string Everything = "*";

    /// <summary>The source of an operator's pause; every other source protects the domain (a blocklisting, a bounce or complaint rate).</summary>
    public const string OperatorSource = "operator";

    /// <summary>How a lane shows this hold, decided here once for the dispatcher that applies it and the gateway that shows it.</summary>
    [JsonIgnore]
    public LaneHoldKind LaneKind => Source == OperatorSource ? LaneHoldKind.Operator : LaneHoldKind.Reputation;

    public bool Covers(string account) =>
        Scope == Everything
        || string.Equals(Scope, account, StringComparison.OrdinalIgnoreCase)
        || (Scope.StartsWith('@') && account.EndsWith(Scope, StringComparison.OrdinalIgnoreCase));

    /// <summary>The fraction of every quota in force: the strictest throttle hold, or all of it.</summary>
    public static double ThrottleFraction(IEnumerable<SendingHold> holds) =>
        holds.Where(h => h.Kind == HoldKind.Throttle).Select(h => h.Fraction).DefaultIfEmpty(1).Min();
}
