using System.Net;
using Queue.Contracts;
using Queue.ReputationMonitor.Blocklists;
using Queue.ReputationMonitor.Dns;
using Queue.ReputationMonitor.Tests.Infrastructure;

namespace Queue.ReputationMonitor.Tests.Unit;

/// <summary>DNS lookups as the client would return them, without a network.</summary>
static class Answers
{
    public static BlocklistZone Zen { get; } = BlocklistZone.From(ShippedZones.Get("zen.spamhaus.org", ReputationTargetKind.IPv4, "zen.test"), null);

    public static BlocklistZone Dbl { get; } = BlocklistZone.From(ShippedZones.Get("dbl.spamhaus.org", ReputationTargetKind.Domain, "dbl.test"), null);

    public static BlocklistZone Surbl { get; } = BlocklistZone.From(ShippedZones.Get("multi.surbl.org", ReputationTargetKind.Domain, "surbl.test"), null);

    public static BlocklistZone Uribl { get; } = BlocklistZone.From(ShippedZones.Get("multi.uribl.com", ReputationTargetKind.Domain, "uribl.test"), null);

    public static DnsLookup A(params string[] addresses) => Response(DnsResponseCode.NoError,
        addresses.Select(a => new DnsRecord("q.test", DnsRecordType.A, 300) { Address = IPAddress.Parse(a) }).ToArray());

    public static DnsLookup NxDomain() => Response(DnsResponseCode.NXDomain);

    public static DnsLookup Response(DnsResponseCode code, params DnsRecord[] answers) =>
        new("q.test", DnsRecordType.A, DnsLookupStatus.Answered)
        {
            ResponseCode = code, Answers = answers, Server = "127.0.0.1:53",
        };

    public static DnsLookup Timeout() => new("q.test", DnsRecordType.A, DnsLookupStatus.Timeout) { Error = "no answer within 2 s" };
}
