using System.Net;
using Queue.Contracts;
using Queue.ReputationMonitor.Options;

namespace Queue.ReputationMonitor.Blocklists;

/// <summary>A configured zone, ready to ask: codes parsed, test entries defaulted, DQS applied.</summary>
public sealed class BlocklistZone
{
    public required string Name { get; init; }

    public required ReputationTargetKind Kind { get; init; }

    /// <summary>The zone the queries go to: <see cref="Name"/>, or <c>key.DqsZone</c> with a Spamhaus DQS key. Never shown.</summary>
    public required string QueryZone { get; init; }

    public required AnswerFormat Format { get; init; }

    public required IReadOnlyList<ZoneCode> Codes { get; init; }

    public required IReadOnlyDictionary<IPAddress, string> ErrorCodes { get; init; }

    public string? DelistUrl { get; init; }

    public required string? TestListed { get; init; }

    public required string? TestNotListed { get; init; }

    /// <summary>Unique among zones: the same zone name serves IPv4 and IPv6 with other test entries.</summary>
    public string Key => KeyOf(Name, Kind);

    /// <summary>A zone name serves one kind of target per entry: name and kind together name the entry.</summary>
    public static string KeyOf(string name, ReputationTargetKind kind) => $"{name}/{kind}";

    /// <summary>Each list once, with the highest severity of its codes.</summary>
    public IReadOnlyList<ZoneList> Lists => Codes.GroupBy(c => c.List)
        .Select(g => new ZoneList(g.Key, g.Max(c => c.Severity)))
        .ToList();

    /// <summary>What an answer address means here, for the per-code metric and the logs.</summary>
    public string Describe(IPAddress answer) =>
        ErrorCodes.TryGetValue(answer, out var error) ? $"error: {error}"
        : Codes.FirstOrDefault(c => c.Address.Equals(answer))?.List
        ?? (Format == AnswerFormat.Bitmask ? "bitmask" : "unknown");

    public static BlocklistZone From(ZoneOptions options, string? dqsKey) => new()
    {
        Name = Dns.DnsName.Normalize(options.Zone),
        Kind = options.Kind,
        QueryZone = dqsKey is { Length: > 0 } && options.DqsZone is { } dqs ? $"{dqsKey}.{Dns.DnsName.Normalize(dqs)}" : Dns.DnsName.Normalize(options.Zone),
        Format = options.Answers,
        Codes = options.Codes.Select(c => new ZoneCode(IPAddress.Parse(c.Code), c.List, c.Severity ?? options.Severity)).ToList(),
        ErrorCodes = options.ErrorCodes.ToDictionary(e => IPAddress.Parse(e.Code), e => e.Meaning),
        DelistUrl = options.DelistUrl,
        TestListed = options.TestListed ?? DefaultTestEntry(options.Kind, listed: true),
        TestNotListed = options.TestNotListed ?? DefaultTestEntry(options.Kind, listed: false),
    };

    /// <summary>RFC 5782 section 5: 127.0.0.2 / ::FFFF:7F00:2 / TEST listed; 127.0.0.1 / ::FFFF:7F00:1 / INVALID not.</summary>
    static string DefaultTestEntry(ReputationTargetKind kind, bool listed) => kind switch
    {
        ReputationTargetKind.IPv4 => listed ? "127.0.0.2" : "127.0.0.1",
        ReputationTargetKind.IPv6 => listed ? "::ffff:7f00:2" : "::ffff:7f00:1",
        _ => listed ? "test" : "invalid",
    };
}
