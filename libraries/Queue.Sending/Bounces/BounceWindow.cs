using Queue.Contracts;

namespace Queue.Sending.Bounces;

/// <summary>An account's recipients sent and reports received over the last 24 hours (hourly buckets).</summary>
public sealed record BounceWindow(string Account, long Sent, IReadOnlyDictionary<BounceClass, long> Reports)
{
    public long Count(BounceClass @class) => Reports.GetValueOrDefault(@class);

    /// <summary>Reports of the class per recipient sent; 0 with nothing sent.</summary>
    public double Rate(BounceClass @class) => Sent == 0 ? 0 : (double)Count(@class) / Sent;
}
