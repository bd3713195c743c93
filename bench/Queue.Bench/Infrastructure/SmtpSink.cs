using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Queue.Bench.Infrastructure;

/// <summary>When and in which order one message reached the sink (Stopwatch ticks; 1-based sequence).</summary>
public readonly record struct Arrival(long Timestamp, long Sequence);

/// <summary>
/// An SMTP server on loopback that takes everything and does as little as possible per message, so that it is
/// never what a benchmark measures: PIPELINING (each batch of pipelined commands is answered in order with one
/// write), CHUNKING (BDAT, as Gmail and Exchange Online offer it) beside DATA, 8BITMIME and SIZE, any number of
/// connections. Each connection has a thread of its own doing blocking
/// socket calls: a client that waits for every reply (System.Net.Mail, smtplib) makes four round trips per
/// message, and an async socket hands each of them to the thread pool, whose wake-ups and spinning cost the
/// sink several times the CPU of a blocking call (measured under smtplib: ~350 against ~130 µs per message). Per message it records the
/// arrival time and order under the request id of its <c>X-Queue-Request-Id</c> header, when it has one.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    static readonly byte[] Greeting = "220 bench-sink ESMTP\r\n"u8.ToArray();
    static readonly byte[] Ehlo = "250-bench-sink\r\n250-PIPELINING\r\n250-CHUNKING\r\n250-8BITMIME\r\n250 SIZE 157286400\r\n"u8.ToArray();
    static readonly byte[] Ok = "250 2.0.0 OK\r\n"u8.ToArray();
    static readonly byte[] GoAhead = "354 end with <CRLF>.<CRLF>\r\n"u8.ToArray();
    static readonly byte[] Accepted = "250 2.0.0 accepted\r\n"u8.ToArray();
    static readonly byte[] Bye = "221 2.0.0 bye\r\n"u8.ToArray();
    static readonly byte[] Unknown = "502 5.5.2 not implemented\r\n"u8.ToArray();
    static readonly byte[] BadChunk = "501 5.5.4 syntax: BDAT chunk-size [LAST]\r\n"u8.ToArray();
    static readonly byte[] RequestIdHeader = "X-Queue-Request-Id:"u8.ToArray();
    static readonly byte[] NotYetCaptured = new byte[0];

    readonly Socket listener;
    readonly ConcurrentDictionary<Guid, Arrival> arrivals = new();
    readonly ConcurrentDictionary<Socket, bool> open = new();
    readonly Thread accepting;
    volatile bool stopping;
    long messages;
    long recipients;
    long accepted;
    byte[]? captured;

    SmtpSink(Socket listener, bool capture)
    {
        this.listener = listener;
        captured = capture ? NotYetCaptured : null;
        accepting = new Thread(AcceptLoop) { IsBackground = true, Name = "smtp-sink accept" };
        accepting.Start();
    }

    public static SmtpSink Start(bool captureFirstMessage = false)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(512);
        return new SmtpSink(listener, captureFirstMessage);
    }

    public int Port => ((IPEndPoint)listener.LocalEndPoint!).Port;

    public long Messages => Interlocked.Read(ref messages);

    public long Recipients => Interlocked.Read(ref recipients);

    public long Connections => Interlocked.Read(ref accepted);

    /// <summary>The first message's content as the client meant it (DATA's dot-stuffing undone); null unless asked for.</summary>
    public byte[]? FirstMessage => captured is { } c && !ReferenceEquals(c, NotYetCaptured) ? c : null;

    public bool TryGetArrival(Guid requestId, out Arrival arrival) => arrivals.TryGetValue(requestId, out arrival);

    /// <summary>Waits until <paramref name="count"/> messages arrived in all; false when the timeout struck first.</summary>
    public async Task<bool> WaitForMessagesAsync(long count, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Messages < count)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }

            await Task.Delay(1).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Waits until the message of <paramref name="requestId"/> arrived; null when the timeout struck first.</summary>
    public async Task<Arrival?> WaitForAsync(Guid requestId, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() <= deadline)
        {
            if (arrivals.TryGetValue(requestId, out var arrival))
            {
                return arrival;
            }

            await Task.Delay(1).ConfigureAwait(false);
        }

        return null;
    }

    void AcceptLoop()
    {
        while (!stopping)
        {
            Socket client;
            try
            {
                client = listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            client.NoDelay = true;
            Interlocked.Increment(ref accepted);
            open[client] = true;
            new Thread(() => Serve(client)) { IsBackground = true, Name = "smtp-sink connection" }.Start();
        }
    }

    void Serve(Socket socket)
    {
        var input = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var output = new ArrayBufferWriter<byte>(4096);
        var filled = 0;
        var inData = false;

        // Bytes of the current BDAT chunk still to come; -1 outside a chunk.
        long chunkLeft = -1;
        var lastChunk = false;
        Incoming? message = null;
        try
        {
            socket.Send(Greeting);
            while (true)
            {
                if (filled == input.Length)
                {
                    // A line longer than the buffer (a long folded header): grow rather than fail.
                    var larger = ArrayPool<byte>.Shared.Rent(input.Length * 2);
                    input.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(input);
                    input = larger;
                }

                var read = socket.Receive(input.AsSpan(filled));
                if (read == 0)
                {
                    return;
                }

                filled += read;
                var consumed = 0;
                var quit = false;
                while (!quit)
                {
                    var pending = input.AsSpan(consumed, filled - consumed);
                    if (chunkLeft == 0)
                    {
                        chunkLeft = -1;
                        if (lastChunk)
                        {
                            Complete(message!);
                            message = null;
                        }

                        output.Write(lastChunk ? Accepted : Ok);
                        continue;
                    }

                    if (chunkLeft > 0)
                    {
                        // BDAT content is counted, not stuffed: taken line by line for the header scan, but a
                        // chunk may end mid-line, and a line not yet complete waits for more input.
                        var available = pending[..(int)Math.Min(chunkLeft, pending.Length)];
                        var end = available.IndexOf((byte)'\n');
                        if (end < 0 && available.Length < chunkLeft)
                        {
                            break;
                        }

                        var piece = end < 0 ? available : available[..(end + 1)];
                        consumed += piece.Length;
                        chunkLeft -= piece.Length;
                        message!.Take(piece);
                        continue;
                    }

                    var at = pending.IndexOf((byte)'\n');
                    if (at < 0)
                    {
                        break;
                    }

                    var line = pending[..(at + 1)];
                    consumed += at + 1;
                    if (inData)
                    {
                        if (line.SequenceEqual(".\r\n"u8))
                        {
                            inData = false;
                            Complete(message!);
                            message = null;
                            output.Write(Accepted);
                            continue;
                        }

                        message!.Take(line.Length > 1 && line[0] == '.' ? line[1..] : line);
                        continue;
                    }

                    switch (Command(line, output, out var chunk))
                    {
                        case Next.Quit:
                            quit = true;
                            break;
                        case Next.Data:
                            inData = true;
                            message = NewMessage();
                            break;
                        case Next.Chunk:
                            (chunkLeft, lastChunk) = chunk;
                            message ??= NewMessage();
                            break;
                        case Next.Reset:
                            message = null;
                            break;
                    }
                }

                input.AsSpan(consumed, filled - consumed).CopyTo(input);
                filled -= consumed;
                if (output.WrittenCount > 0)
                {
                    socket.Send(output.WrittenSpan);
                    output.ResetWrittenCount();
                }

                if (quit)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
            open.TryRemove(socket, out _);
            socket.Dispose();
        }
    }

    Incoming NewMessage() => new(ReferenceEquals(captured, NotYetCaptured) ? new MemoryStream() : null);

    enum Next
    {
        Reply,
        Data,
        Chunk,
        Reset,
        Quit,
    }

    /// <param name="chunk">For BDAT: the size of the chunk that follows and whether it is the LAST.</param>
    Next Command(ReadOnlySpan<byte> line, ArrayBufferWriter<byte> output, out (long Size, bool Last) chunk)
    {
        chunk = default;
        var verb = line.Length >= 4 ? line[..4] : line;
        if (Ascii.EqualsIgnoreCase(verb, "RCPT"u8))
        {
            Interlocked.Increment(ref recipients);
            output.Write(Ok);
        }
        else if (Ascii.EqualsIgnoreCase(verb, "BDAT"u8))
        {
            // No reply yet: it follows the chunk's bytes.
            var words = Encoding.ASCII.GetString(line[4..]).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (words.Length is 1 or 2 && long.TryParse(words[0], out var size) && size >= 0
                && (words.Length == 1 || words[1].Equals("LAST", StringComparison.OrdinalIgnoreCase)))
            {
                chunk = (size, words.Length == 2);
                return Next.Chunk;
            }

            // Without a size the chunk cannot be told from the commands after it: the session ends.
            output.Write(BadChunk);
            return Next.Quit;
        }
        else if (Ascii.EqualsIgnoreCase(verb, "MAIL"u8) || Ascii.EqualsIgnoreCase(verb, "NOOP"u8))
        {
            output.Write(Ok);
        }
        else if (Ascii.EqualsIgnoreCase(verb, "RSET"u8))
        {
            output.Write(Ok);
            return Next.Reset;
        }
        else if (Ascii.EqualsIgnoreCase(verb, "DATA"u8))
        {
            output.Write(GoAhead);
            return Next.Data;
        }
        else if (Ascii.EqualsIgnoreCase(verb, "EHLO"u8))
        {
            output.Write(Ehlo);
        }
        else if (Ascii.EqualsIgnoreCase(verb, "HELO"u8))
        {
            output.Write(Ok);
        }
        else if (Ascii.EqualsIgnoreCase(verb, "QUIT"u8))
        {
            output.Write(Bye);
            return Next.Quit;
        }
        else
        {
            output.Write(Unknown);
        }

        return Next.Reply;
    }

    void Complete(Incoming message)
    {
        var sequence = Interlocked.Increment(ref messages);
        if (message.RequestId is { } id)
        {
            arrivals.TryAdd(id, new Arrival(Stopwatch.GetTimestamp(), sequence));
        }

        if (message.Capture is { } capture)
        {
            Interlocked.CompareExchange(ref captured, capture.ToArray(), NotYetCaptured);
        }
    }

    /// <summary>
    /// The message being received, by DATA or BDAT: its <c>X-Queue-Request-Id</c> from the header section and,
    /// when asked, its bytes. A header line split between two BDAT chunks is not recognised: Queue's client sends
    /// one chunk.
    /// </summary>
    sealed class Incoming(MemoryStream? capture)
    {
        bool inHeaders = true;

        public Guid? RequestId { get; private set; }

        public MemoryStream? Capture => capture;

        /// <summary>One line of the content (or the piece of one a chunk ends with), unstuffed.</summary>
        public void Take(ReadOnlySpan<byte> line)
        {
            if (inHeaders)
            {
                if (line.SequenceEqual("\r\n"u8))
                {
                    inHeaders = false;
                }
                else if (line.Length > RequestIdHeader.Length && Ascii.EqualsIgnoreCase(line[..RequestIdHeader.Length], RequestIdHeader)
                    && Guid.TryParse(Encoding.ASCII.GetString(line[RequestIdHeader.Length..]).Trim(), out var id))
                {
                    RequestId = id;
                }
            }

            capture?.Write(line);
        }
    }

    public ValueTask DisposeAsync()
    {
        stopping = true;
        listener.Dispose();
        foreach (var socket in open.Keys)
        {
            socket.Dispose();
        }

        accepting.Join(TimeSpan.FromSeconds(5));
        return ValueTask.CompletedTask;
    }
}
