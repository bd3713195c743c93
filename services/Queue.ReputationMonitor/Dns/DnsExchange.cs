using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Queue.ReputationMonitor.Dns;

/// <summary>
/// One query to one server over UDP or TCP (RFC 1035 4.2). Returns null when no matching answer came within
/// the timeout. The timeout is wall-clock time on purpose: it measures a real network, not the scheduler's clock.
/// </summary>
static class DnsExchange
{
    public static async Task<DnsMessage?> UdpAsync(IPEndPoint server, byte[] query, DnsQuestion question, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            // Connected (with a fresh random source port), the socket takes datagrams from this server only.
            await socket.ConnectAsync(server, deadline.Token);
            await socket.SendAsync(query, SocketFlags.None, deadline.Token);
            var buffer = new byte[ushort.MaxValue];
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
                // A stray, forged or garbled datagram is not the answer: keep waiting for the one that matches.
                if (TryRead(buffer.AsSpan(0, received)) is { } message && Matches(message, query, question))
                {
                    return message;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public static async Task<DnsMessage?> TcpAsync(IPEndPoint server, byte[] query, DnsQuestion question, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new TcpClient(server.AddressFamily);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await client.ConnectAsync(server, deadline.Token);
            var stream = client.GetStream();
            var framed = new byte[query.Length + 2];
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
            query.CopyTo(framed, 2);
            await stream.WriteAsync(framed, deadline.Token);
            var prefix = new byte[2];
            await stream.ReadExactlyAsync(prefix, deadline.Token);
            var body = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
            await stream.ReadExactlyAsync(body, deadline.Token);
            var message = DnsMessageReader.Read(body);
            return Matches(message, query, question) ? message : throw new DnsFormatException("the TCP answer is for another query");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (EndOfStreamException)
        {
            throw new DnsFormatException("the server closed the TCP connection mid-answer");
        }
    }

    static DnsMessage? TryRead(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return DnsMessageReader.Read(bytes);
        }
        catch (DnsFormatException)
        {
            return null;
        }
    }

    /// <summary>Same id, a response, and the question asked (an error answer may omit the question).</summary>
    static bool Matches(DnsMessage message, byte[] query, DnsQuestion question) =>
        message.IsResponse
        && message.Id == BinaryPrimitives.ReadUInt16BigEndian(query)
        && (message.Questions is [var q] ? q.Type == question.Type && DnsName.AreSame(q.Name, question.Name)
            : message.Questions.Count == 0 && message.ResponseCode != DnsResponseCode.NoError);
}
