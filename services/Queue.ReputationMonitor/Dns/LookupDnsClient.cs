using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;
using Microsoft.Extensions.Options;
using Queue.ReputationMonitor.Options;

namespace Queue.ReputationMonitor.Dns;

/// <summary>
/// Asks the configured resolvers through DnsClient's <see cref="LookupClient"/> (UDP, TCP when the answer is
/// truncated) and maps its response into the monitor's own types, here and nowhere else.
/// </summary>
/// <remarks>
/// Each attempt goes to one server with DnsClient's retries, cache and failover off, so the attempts rotate over
/// the servers as <see cref="ResolverOptions.Attempts"/> says and SERVFAIL is retried like silence. DnsClient's
/// own logging (<c>DnsClient.Logging.LoggerFactory</c>) stays unset: it writes the query name, which holds a
/// Spamhaus DQS key; for the same reason no DnsClient exception text is passed on without the name taken out.
/// </remarks>
public sealed class LookupDnsClient : IDnsClient
{
    readonly ResolverOptions options;
    readonly IReadOnlyList<IPEndPoint> servers;
    readonly IReadOnlyList<NameServer>[] asked;
    readonly ILogger<LookupDnsClient> logger;
    readonly LookupClient lookupClient;
    readonly DnsQueryOptions queryOptions;

    public LookupDnsClient(IOptions<ResolverOptions> options, ILogger<LookupDnsClient> logger)
    {
        this.options = options.Value;
        this.logger = logger;
        servers = this.options.Servers.Count > 0
            ? this.options.Servers.Select(s => ResolverOptions.ParseServer(s)!).ToList()
            : ResolvConf.FirstNameserver(this.options.ResolvConfPath) is { } system
                ? [new IPEndPoint(system, 53)]
                : throw new InvalidOperationException($"no resolver: set Dns:Servers or a nameserver in {this.options.ResolvConfPath}");
        asked = [.. servers.Select(s => (IReadOnlyList<NameServer>)[new NameServer(s)])];
        queryOptions = new DnsQueryOptions
        {
            UseCache = false,
            Retries = 0,
            Timeout = this.options.Timeout,
            UseTcpFallback = true,
            ThrowDnsErrors = false,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
            UseRandomNameServer = false,
            Recursion = true,
            // 512 or less sends no OPT record: plain DNS, so a bigger answer comes back truncated and goes to TCP.
            ExtendedDnsBufferSize = this.options.EdnsPayloadSize,
        };
        lookupClient = new LookupClient(new LookupClientOptions([.. servers])
        {
            UseCache = false,
            Retries = 0,
            Timeout = this.options.Timeout,
            ThrowDnsErrors = false,
            ContinueOnDnsError = false,
            UseRandomNameServer = false,
        });
    }

    public IReadOnlyList<IPEndPoint> Servers => servers;

    public async Task<DnsLookup> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        DnsQuestion question;
        try
        {
            question = new DnsQuestion(name, (QueryType)type);
        }
        catch (ArgumentException e)
        {
            // A domain near 253 characters plus a zone can exceed what DNS can carry: that lookup fails, not the round.
            return new DnsLookup(name, type, DnsLookupStatus.Failed) { Error = $"not a name DNS can carry: {Scrub(e.Message, name)}" };
        }

        var status = DnsLookupStatus.Timeout;
        string? error = null;
        var server = servers[0];
        IDnsQueryResponse? serverFailure = null;
        for (var attempt = 0; attempt < options.Attempts; attempt++)
        {
            server = servers[attempt % servers.Count];
            try
            {
                var response = await lookupClient.QueryServerAsync(asked[attempt % servers.Count], question, queryOptions, cancellationToken);

                // SERVFAIL is often passing trouble upstream: another attempt (or server) may answer.
                if (response.Header.ResponseCode == DnsHeaderResponseCode.ServerFailure && attempt + 1 < options.Attempts)
                {
                    serverFailure = response;
                    continue;
                }

                return Answered(name, type, response, server, started);
            }
            catch (Exception e) when (IsDnsOrNetworkTrouble(e))
            {
                // DnsClient reports a cancelled query as a timeout: the caller's cancellation is not DNS trouble.
                cancellationToken.ThrowIfCancellationRequested();
                (status, error) = Failure(e, server, name);
                logger.LogDebug("DNS {Type} query via {Server} failed: {Error}", type, server, error);
            }
        }

        return serverFailure is not null
            ? Answered(name, type, serverFailure, server, started)
            : new DnsLookup(name, type, status) { Server = server.ToString(), Error = error, Elapsed = Stopwatch.GetElapsedTime(started) };
    }

    static bool IsDnsOrNetworkTrouble(Exception e) =>
        e is DnsResponseException or DnsXidMismatchException or DnsResponseParseException or SocketException or IOException or TimeoutException;

    /// <summary>What went wrong on one attempt, in our words: DnsClient's texts name the query (and a parse error dumps it).</summary>
    (DnsLookupStatus Status, string Error) Failure(Exception e, IPEndPoint server, string name)
    {
        var cause = e is DnsResponseException { InnerException: { } inner } ? inner : e;
        cause = cause is IOException { InnerException: SocketException socket } ? socket : cause;
        return cause switch
        {
            TimeoutException or OperationCanceledException =>
                (DnsLookupStatus.Timeout, $"no answer from {server} within {options.Timeout.TotalSeconds:0.###} s"),
            SocketException socketError => (DnsLookupStatus.Failed, $"{server}: {socketError.Message}"),
            DnsXidMismatchException => (DnsLookupStatus.Failed, $"{server}: the answer was for another query (id mismatch)"),
            DnsResponseParseException => (DnsLookupStatus.Failed, $"{server}: a malformed answer"),
            _ => (DnsLookupStatus.Failed, $"{server}: {Scrub(cause.Message, name)}"),
        };
    }

    /// <summary>The text without the name asked, in any case, with or without its final dot.</summary>
    static string Scrub(string text, string name)
    {
        var bare = name.TrimEnd('.');
        return bare.Length == 0 ? text : text.Replace(bare, "(the name)", StringComparison.OrdinalIgnoreCase);
    }

    static DnsLookup Answered(string name, DnsRecordType type, IDnsQueryResponse response, IPEndPoint server, long started) =>
        new(name, type, DnsLookupStatus.Answered)
        {
            ResponseCode = (DnsResponseCode)response.Header.ResponseCode,
            Answers = [.. response.Answers.Select(Record)],
            Authorities = [.. response.Authorities.Select(Record)],
            Server = server.ToString(),
            Elapsed = Stopwatch.GetElapsedTime(started),
        };

    static DnsRecord Record(DnsResourceRecord source)
    {
        var record = new DnsRecord(HostName(source.DomainName), (DnsRecordType)source.RecordType, (uint)Math.Max(0, source.InitialTimeToLive));
        return source switch
        {
            AddressRecord address => record with { Address = address.Address },
            TxtRecord txt => record with { Strings = [.. txt.Text] },
            PtrRecord ptr => record with { Target = HostName(ptr.PtrDomainName) },
            CNameRecord cname => record with { Target = HostName(cname.CanonicalName) },
            NsRecord ns => record with { Target = HostName(ns.NSDName) },
            MxRecord mx => record with { Preference = mx.Preference, Target = HostName(mx.Exchange) },
            SoaRecord soa => record with { Target = HostName(soa.MName), Minimum = soa.Minimum },
            _ => record,
        };
    }

    /// <summary>Without the final dot, as the monitor compares names (the root, a null MX's exchange, is empty).</summary>
    static string HostName(DnsString name) => name.Value.TrimEnd('.');
}
