namespace Queue.ReputationMonitor.Monitoring;

/// <summary>Spaces the queries of one round: the first goes at once, each next one after the pause.</summary>
public sealed class Pacer(TimeSpan spacing, TimeProvider clock)
{
    bool first = true;

    public async Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        if (!first && spacing > TimeSpan.Zero)
        {
            await Task.Delay(spacing, clock, cancellationToken);
        }

        first = false;
    }
}
