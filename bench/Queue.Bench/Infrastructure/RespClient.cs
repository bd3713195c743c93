using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace Queue.Bench.Infrastructure;

/// <summary>
/// A minimal Redis client on one socket (RESP2, pipelined: commands are written as they come, replies are
/// matched in order by one reader loop). Not for production: it exists to show what .NET itself reaches on this
/// machine without a client library, next to StackExchange.Redis and redis-benchmark.
/// </summary>
public sealed class RespClient : IAsyncDisposable
{
    readonly Socket socket;
    readonly NetworkStream stream;
    readonly SemaphoreSlim writing = new(1, 1);
    readonly ConcurrentQueue<TaskCompletionSource<object?>> pending = new();
    readonly CancellationTokenSource closing = new();
    readonly Task reader;

    RespClient(Socket socket)
    {
        this.socket = socket;
        stream = new NetworkStream(socket, ownsSocket: false);
        reader = Task.Run(ReadLoopAsync);
    }

    public static async Task<RespClient> ConnectAsync(string host, int port)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(host, port).ConfigureAwait(false);
        return new RespClient(socket);
    }

    /// <summary>Sends one command; the reply is a long, a string, null, or an object?[] of those (errors throw).</summary>
    public async Task<object?> CallAsync(IReadOnlyList<string> command)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        Write(buffer, $"*{command.Count}\r\n");
        foreach (var part in command)
        {
            Write(buffer, $"${Encoding.UTF8.GetByteCount(part)}\r\n");
            Write(buffer, part);
            Write(buffer, "\r\n");
        }

        // Without RunContinuationsAsynchronously the caller continues on the reader loop: no thread hop, as in an
        // event loop (the caller's own work then delays the next reply, as it would in redis-benchmark).
        var reply = new TaskCompletionSource<object?>();
        await writing.WaitAsync().ConfigureAwait(false);
        try
        {
            pending.Enqueue(reply);
            await stream.WriteAsync(buffer.WrittenMemory).ConfigureAwait(false);
        }
        finally
        {
            writing.Release();
        }

        return await reply.Task.ConfigureAwait(false);

        static void Write(ArrayBufferWriter<byte> to, string text) => to.Advance(Encoding.UTF8.GetBytes(text, to.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length))));
    }

    async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        int start = 0, end = 0;
        try
        {
            while (!closing.IsCancellationRequested)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(end), closing.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException("Redis closed the connection");
                }

                end += read;
                while (start < end && TryParse(buffer.AsSpan(start, end - start), out var value, out var used))
                {
                    start += used;
                    if (!pending.TryDequeue(out var reply))
                    {
                        throw new InvalidOperationException("a reply without a command");
                    }

                    if (value is RespError error)
                    {
                        reply.SetException(new InvalidOperationException(error.Message));
                    }
                    else
                    {
                        reply.SetResult(value);
                    }
                }

                if (start == end)
                {
                    start = end = 0;
                }
                else if (end == buffer.Length)
                {
                    // Keep the partial reply at the front; grow when one reply fills the buffer.
                    var next = end - start > buffer.Length / 2 ? new byte[buffer.Length * 2] : buffer;
                    Buffer.BlockCopy(buffer, start, next, 0, end - start);
                    (buffer, end, start) = (next, end - start, 0);
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or InvalidOperationException or ObjectDisposedException)
        {
            while (pending.TryDequeue(out var reply))
            {
                reply.TrySetException(e);
            }
        }
    }

    sealed record RespError(string Message);

    /// <summary>One RESP2 value at the start of <paramref name="data"/>, if it is there in full.</summary>
    static bool TryParse(ReadOnlySpan<byte> data, out object? value, out int used)
    {
        value = null;
        used = 0;
        var line = data.IndexOf("\r\n"u8);
        if (line < 1)
        {
            return false;
        }

        var header = data[1..line];
        used = line + 2;
        switch (data[0])
        {
            case (byte)'+':
                value = Encoding.UTF8.GetString(header);
                return true;
            case (byte)'-':
                value = new RespError(Encoding.UTF8.GetString(header));
                return true;
            case (byte)':':
                value = Number(header);
                return true;
            case (byte)'$':
                var length = Number(header);
                if (length < 0)
                {
                    return true;
                }

                if (data.Length < used + length + 2)
                {
                    return false;
                }

                value = Encoding.UTF8.GetString(data.Slice(used, (int)length));
                used += (int)length + 2;
                return true;
            case (byte)'*':
                var count = Number(header);
                if (count < 0)
                {
                    return true;
                }

                var items = new object?[count];
                for (var i = 0; i < count; i++)
                {
                    if (!TryParse(data[used..], out items[i], out var itemUsed))
                    {
                        return false;
                    }

                    used += itemUsed;
                }

                value = items;
                return true;
            default:
                throw new InvalidOperationException($"not a RESP2 reply: '{(char)data[0]}'");
        }

        static long Number(ReadOnlySpan<byte> text) =>
            Utf8Parser.TryParse(text, out long n, out var consumed) && consumed == text.Length ? n : throw new InvalidOperationException("bad RESP number");
    }

    public async ValueTask DisposeAsync()
    {
        await closing.CancelAsync().ConfigureAwait(false);
        socket.Shutdown(SocketShutdown.Both);
        try
        {
            await reader.ConfigureAwait(false);
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            socket.Dispose();
            writing.Dispose();
            closing.Dispose();
        }
    }
}
