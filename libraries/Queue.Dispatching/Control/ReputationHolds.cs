using Microsoft.Extensions.Options;
using Queue.Contracts;
using Queue.Reputation.Status;
using Queue.Sending.Accounts;
using Queue.Sending.Control;

namespace Queue.Dispatching.Control;

/// <summary>
/// What a blocklist listing means for sending: one hold per zone, list and target, so a list that clears lifts
/// only its own hold while another list of the same zone (SBL and XBL in zen.spamhaus.org) still holds mail.
/// </summary>
public sealed class ReputationHolds(
    SendingHoldStore holds, ReputationStatusStore monitor, SenderDirectory senders, IOptions<ReputationOptions> options, TimeProvider clock, ILogger<ReputationHolds> logger)
{
    const string SourcePrefix = "reputation:";
    const string By = "reputation monitor";

    public static string Source(string zone, string list, string target) => $"{SourcePrefix}{zone}:{list}:{target}";

    /// <summary>The hold a confirmed listing calls for; null for lower severities and targets that are not ours.</summary>
    public SendingHold? For(string target, ReputationTargetKind kind, string zone, string list, ReputationSeverity severity, string? why)
    {
        if (severity != ReputationSeverity.High || Scope(kind, target) is not { } scope)
        {
            return null;
        }

        var settings = options.Value;
        var reason = $"{target} is listed on {list} ({zone}){(why is { } text ? $": {text}" : "")}";
        return new SendingHold(scope, Source(zone, list, target), settings.Action, reason, By, clock.GetUtcNow(),
            Fraction: settings.Action == HoldKind.Throttle ? settings.ThrottleFraction : 1, Severity: severity);
    }

    /// <summary>An IP we send from holds everything; our domain holds its accounts; anything else is not ours.</summary>
    public string? Scope(ReputationTargetKind kind, string target)
    {
        if (kind is ReputationTargetKind.IPv4 or ReputationTargetKind.IPv6)
        {
            var ours = options.Value.SendingAddresses;
            return ours.Count == 0 || ours.Contains(target, StringComparer.OrdinalIgnoreCase) ? SendingHold.Everything : null;
        }

        var domain = target.TrimEnd('.');
        return senders.All.Any(s => string.Equals(s.Domain, domain, StringComparison.OrdinalIgnoreCase)) ? "@" + domain.ToLowerInvariant() : null;
    }

    /// <summary>
    /// Makes the stored reputation holds those of the monitor's confirmed listings: a listing confirmed or cleared
    /// while no dispatcher ran (or an event lost with a broker) is caught up at start, and holds stored under an
    /// older key are replaced. A monitor that never saved its state changes nothing. Returns how many holds changed.
    /// </summary>
    public async Task<int> RebuildAsync()
    {
        var status = await monitor.ReadAsync();
        if (status.Targets.Count == 0)
        {
            logger.LogInformation("The reputation monitor has saved no state; the stored reputation holds stay as they are");
            return 0;
        }

        var wanted = status.ConfirmedListings()
            .Select(l => For(l.Target.Target, l.Target.TargetKind, l.Target.Zone, l.Listing.List, l.Listing.Severity, l.Listing.Reason))
            .OfType<SendingHold>()
            .ToList();
        var stored = (await holds.AllAsync(clock.GetUtcNow())).Where(h => h.Source.StartsWith(SourcePrefix, StringComparison.Ordinal)).ToList();

        var changes = 0;
        foreach (var stale in stored.Where(s => !wanted.Any(w => Same(w, s))))
        {
            await holds.RemoveAsync(stale.Scope, stale.Source);
            logger.LogWarning("Lifted the hold '{Reason}': the monitor no longer has that listing confirmed", stale.Reason);
            changes++;
        }

        foreach (var missing in wanted.Where(w => !stored.Any(s => Same(w, s))))
        {
            await holds.SetAsync(missing);
            logger.LogError("Blocklisted: {Reason} (caught up from the monitor's state); sending reacts with {Action}", missing.Reason, missing.Kind);
            changes++;
        }

        return changes;

        static bool Same(SendingHold a, SendingHold b) =>
            string.Equals(a.Scope, b.Scope, StringComparison.OrdinalIgnoreCase) && a.Source == b.Source && a.Kind == b.Kind && a.Fraction.Equals(b.Fraction);
    }
}
