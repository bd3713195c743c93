namespace Queue.Operations;

/// <summary>How far a request sent as several messages has got.</summary>
public sealed record SplitProgress(int Total, int Sent, int Failed, IReadOnlyList<PartStatus> Parts)
{
    public int Pending => Math.Max(0, Total - Sent - Failed);

    public bool Done => Pending == 0;
}
