using System.ComponentModel.DataAnnotations;
using Queue.Sending.Control;

namespace Queue.Dispatching.Control;

/// <summary>Section <c>Reputation</c>: what the dispatcher does while a high-severity blocklist lists it.</summary>
public sealed class ReputationOptions
{
    public const string Section = "Reputation";

    /// <summary>Pause (stop all sending), PauseBulk (bulk priority and mass mail wait) or Throttle (send less).</summary>
    public HoldKind Action { get; set; } = HoldKind.Pause;

    /// <summary>With Throttle: the share of every quota still used.</summary>
    [Range(0.01, 1.0)]
    public double ThrottleFraction { get; set; } = 0.25;

    /// <summary>
    /// The IP addresses this dispatcher sends from (as the monitor knows them). Empty: every IP the monitor watches
    /// is taken as one of ours.
    /// </summary>
    public List<string> SendingAddresses { get; set; } = [];
}
