using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Queue.ReputationMonitor.Options;

namespace Queue.ReputationMonitor.Dns;

/// <summary>
/// A stub resolver of our own (no DNS library is obtainable here, and System.Net.Dns gives no TXT, TTL or RCODE):
/// UDP first, TCP when the answer is truncated, a few attempts over the configured servers in turn.
/// </summary>
public sealed class DnsClient : IDnsClient
{
    readonly ResolverOptions options;
    readonly IReadOnlyList<IPEndPoint> servers;
    readonly ILogger<DnsClient> logger;

    public DnsClient(IOptions<ResolverOptions> options, ILogger<DnsClient> logger)
    {
        this.options = options.Value;
        this.logger = logger;
        servers = this.options.Servers.Count > 0
            ? this.options.Servers.Select(s => ResolverOptions.ParseServer(s)!).ToList()
            : ResolvConf.FirstNameserver(this.options.ResolvConfPath) is { } system
                ? [new IPEndPoint(system, 53)]
                : throw new InvalidOperationException($"no resolver: set Dns:Servers or a nameserver in {this.options.ResolvConfPath}");
    }

    public IReadOnlyList<IPEndPoint> Servers => servers;

    public async Task<DnsLookup> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken = default)
    {
        var question = new DnsQuestion(name, type);
        var started = Stopwatch.GetTimestamp();
        try
        {
            DnsName.Labels(name);
        }
        catch (ArgumentException e)
        {
            // A domain near 253 characters plus a zone can exceed what DNS can carry: that lookup fails, not the round.
            return new DnsLookup(name, type, DnsLookupStatus.Failed) { Error = e.Message };
        }

        var status = DnsLookupStatus.Timeout;
        string? error = null;
        IPEndPoint server = servers[0];
        DnsMessage? serverFailure = null;
        for (var attempt = 0; attempt < options.Attempts; attempt++)
        {
            server = servers[attempt % servers.Count];
            var query = DnsMessageWriter.Query(NewId(), name, type, options.EdnsPayloadSize);
            try
            {
                var response = await DnsExchange.UdpAsync(server, query, question, options.Timeout, cancellationToken);
                if (response is { Truncated: true })
                {
                    response = await DnsExchange.TcpAsync(server, query, question, options.Timeout, cancellationToken);
                }

                if (response is null)
                {
                    (status, error) = (DnsLookupStatus.Timeout, $"no answer from {server} within {options.Timeout.TotalSeconds:0.###} s");
                    continue;
                }

                // SERVFAIL is often passing trouble upstream: another attempt (or server) may answer.
                if (response.ResponseCode == DnsResponseCode.ServFail && attempt + 1 < options.Attempts)
                {
                    serverFailure = response;
                    continue;
                }

                return Answered(name, type, response, server, started);
            }
            catch (Exception e) when (e is SocketException or DnsFormatException or IOException)
            {
                (status, error) = (DnsLookupStatus.Failed, $"{server}: {e.Message}");
                // Not the name: with a Spamhaus DQS key the name holds the key.
                logger.LogDebug("DNS {Type} query via {Server} failed: {Error}", type, server, e.Message);
            }
        }

        return serverFailure is not null
            ? Answered(name, type, serverFailure, server, started)
            : new DnsLookup(name, type, status) { Server = server.ToString(), Error = error, Elapsed = Stopwatch.GetElapsedTime(started) };
    }

    static DnsLookup Answered(string name, DnsRecordType type, DnsMessage response, IPEndPoint server, long started) =>
        new(name, type, DnsLookupStatus.Answered) { Response = response, Server = server.ToString(), Elapsed = Stopwatch.GetElapsedTime(started) };

    /// <summary>An unpredictable id, so an off-path forger must guess it (with the random source port).</summary>
    static ushort NewId() => (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
}
