using System.Net;
using Queue.Reputation.Status;
using Queue.ReputationMonitor.Dns;
using Queue.ReputationMonitor.Options;

namespace Queue.ReputationMonitor.Blocklists;

/// <summary>
/// Turns a DNS answer into listed / not listed / error. The rule that prevents false alarms lives here: only an
/// address in 127.0.0.0/8 that the zone documents as a listing code counts; error codes, unknown codes and
/// anything outside 127/8 (a resolver that rewrites NXDOMAIN to an ad server) are never a listing.
/// </summary>
public static class AnswerClassifier
{
    public static Classification Classify(BlocklistZone zone, DnsLookup lookup)
    {
        switch (lookup.Status)
        {
            case DnsLookupStatus.Timeout:
                return Classification.Of(LookupOutcome.Timeout, lookup.Problem);
            case DnsLookupStatus.Failed:
                return Classification.Of(LookupOutcome.DnsError, lookup.Problem);
        }

        if (lookup.ResponseCode == DnsResponseCode.NXDomain)
        {
            return Classification.Of(LookupOutcome.NotListed, null);
        }

        if (lookup.ResponseCode != DnsResponseCode.NoError)
        {
            return Classification.Of(LookupOutcome.DnsError, lookup.Problem);
        }

        var addresses = lookup.Records(DnsRecordType.A).Select(r => r.Address!).Distinct().ToList();
        return addresses.Count == 0 ? Classification.Of(LookupOutcome.NotListed, null) : ClassifyAddresses(zone, addresses);
    }

    static Classification ClassifyAddresses(BlocklistZone zone, List<IPAddress> addresses)
    {
        var answers = addresses.Select(a => a.ToString()).ToList();
        // One error code spoils the whole answer: the list told us it did not really look.
        if (addresses.FirstOrDefault(zone.ErrorCodes.ContainsKey) is { } error)
        {
            return Classification.Of(LookupOutcome.ErrorCode, $"{error}: {zone.ErrorCodes[error]}", answers);
        }

        if (addresses.FirstOrDefault(a => a.GetAddressBytes()[0] != 127) is { } outside)
        {
            return Classification.Of(LookupOutcome.InvalidAnswer, $"{outside} is outside 127.0.0.0/8", answers);
        }

        var hits = zone.Format == AnswerFormat.Bitmask ? DecodeBitmask(zone, addresses) : MatchExact(zone, addresses);
        if (hits.Count == 0)
        {
            return Classification.Of(LookupOutcome.InvalidAnswer, $"{string.Join(", ", answers)}: not a code of {zone.Name}", answers);
        }

        // Known codes count even beside an unknown one; the unknown one is named in the detail for ops.
        var unknown = addresses.Where(a => !hits.Any(h => Covers(zone, h, a))).Select(a => a.ToString()).ToList();
        return new Classification(LookupOutcome.Listed, hits, answers, unknown.Count > 0 ? $"unknown codes ignored: {string.Join(", ", unknown)}" : null);
    }

    static List<ZoneCode> MatchExact(BlocklistZone zone, List<IPAddress> addresses) =>
        zone.Codes.Where(c => addresses.Contains(c.Address)).ToList();

    /// <summary>SURBL and URIBL answer 127.0.0.x where each set bit of x is one list (RFC 5782 2.3 leaves the encoding to the list).</summary>
    public static List<ZoneCode> DecodeBitmask(BlocklistZone zone, IEnumerable<IPAddress> addresses)
    {
        var bits = addresses.Select(a => a.GetAddressBytes())
            .Where(b => b[0] == 127 && b[1] == 0 && b[2] == 0)
            .Aggregate(0, (all, b) => all | b[3]);
        return zone.Codes.Where(c => (bits & c.Bit) != 0).ToList();
    }

    static bool Covers(BlocklistZone zone, ZoneCode hit, IPAddress answer) => zone.Format == AnswerFormat.Bitmask
        ? answer.GetAddressBytes() is [127, 0, 0, var x] && (x & hit.Bit) != 0
        : hit.Address.Equals(answer);
}
