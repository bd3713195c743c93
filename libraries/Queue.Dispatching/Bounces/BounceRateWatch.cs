using MassTransit;
using Microsoft.Extensions.Options;
using Queue.Contracts;
using Queue.Dispatching.Lanes;
using Queue.Dispatching.Telemetry;
using Queue.Sending.Bounces;
using Queue.Sending.Control;

namespace Queue.Dispatching.Bounces;

/// <summary>
/// Reads every account's 24-hour bounce and complaint rates (for the gauges) and pauses an account's Bulk and Mass
/// mail (a PauseBulk hold, applied by every replica through <see cref="Control.HoldsApplier"/>) while a rate is
/// over its threshold; the hold is lifted when the rate falls, or by an operator's resume (which then holds for a day).
/// </summary>
public sealed class BounceRateWatch(
    BounceLedger ledger, LaneDirectory lanes, SendingHoldStore holds, IBus bus, DispatcherGauges gauges,
    IOptions<BounceOptions> options, TimeProvider clock, ILogger<BounceRateWatch> logger) : BackgroundService
{
    public const string SourcePrefix = "bounces:";
    public const string HardBounceSource = "bounces:hard-bounce-rate";
    public const string ComplaintSource = "bounces:complaint-rate";
    public const string By = "bounce-monitor";

    readonly SemaphoreSlim checking = new(1, 1);

    BouncePauseOptions Pause => options.Value.Pause;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Pause.CheckInterval, clock);
        do
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Bounce rates could not be read ({Error}); the gauges keep the last reading", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        await checking.WaitAsync(cancellationToken);
        try
        {
            var windows = new List<BounceWindow>();
            foreach (var lane in lanes.All)
            {
                windows.Add(await ledger.WindowAsync(lane.Account));
            }

            gauges.UpdateBounces(windows);
            if (!Pause.Enabled)
            {
                return;
            }

            var inForce = await holds.AllAsync(clock.GetUtcNow());
            foreach (var window in windows)
            {
                var enough = window.Sent >= Pause.MinimumSent;
                await HoldAsync(window.Account, HardBounceSource, enough && window.Rate(BounceClass.Hard) > Pause.HardBounceRate,
                    $"hard-bounce rate {window.Rate(BounceClass.Hard):P2} over 24 h is above {Pause.HardBounceRate:P2} (Bounces:Pause:HardBounceRate)", inForce, cancellationToken);
                await HoldAsync(window.Account, ComplaintSource, enough && window.Rate(BounceClass.Complaint) > Pause.ComplaintRate,
                    $"complaint rate {window.Rate(BounceClass.Complaint):P2} over 24 h is above {Pause.ComplaintRate:P2} (Bounces:Pause:ComplaintRate)", inForce, cancellationToken);
            }
        }
        finally
        {
            checking.Release();
        }
    }

    async Task HoldAsync(string account, string source, bool over, string reason, IReadOnlyList<SendingHold> inForce, CancellationToken cancellationToken)
    {
        var held = inForce.Any(h => h.Source == source && string.Equals(h.Scope, account, StringComparison.OrdinalIgnoreCase));
        if (over && !held && !await ledger.IsAcknowledgedAsync(account, source))
        {
            logger.LogWarning("Bulk and mass mail of {Account} paused: {Reason}", account, reason);
            await holds.SetAsync(new SendingHold(account, source, HoldKind.PauseBulk, reason, By, clock.GetUtcNow()));
            await bus.Publish(new SendingHoldsChanged { Scope = account, Source = source, Held = true, Reason = reason, By = By, At = clock.GetUtcNow() }, cancellationToken);
        }
        else if (!over && held)
        {
            logger.LogInformation("Bulk and mass mail of {Account} resumed: the {Source} rate fell", account, source);
            await holds.RemoveAsync(account, source);
            await bus.Publish(new SendingHoldsChanged { Scope = account, Source = source, Held = false, Reason = "rate fell below its threshold", By = By, At = clock.GetUtcNow() }, cancellationToken);
        }
    }
}
