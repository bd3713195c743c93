using System.Text;

namespace Queue.UnitTests;

/// <summary>
/// A server's side of an SMTP conversation, scripted: each read returns the next chunk of replies, each write is
/// recorded as it came. Replies run out as the end of the stream.
/// </summary>
sealed class ScriptedSmtpStream(params string[] replies) : Stream
{
    readonly Queue<byte[]> pending = new(replies.Select(r => Encoding.ASCII.GetBytes(r)));

    public List<string> Writes { get; } = [];

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (!pending.TryDequeue(out var chunk))
        {
            return 0;
        }

        // A test chunk never exceeds the reader's buffer.
        chunk.CopyTo(buffer, offset);
        return chunk.Length;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!pending.TryDequeue(out var chunk))
        {
            return ValueTask.FromResult(0);
        }

        chunk.CopyTo(buffer);
        return ValueTask.FromResult(chunk.Length);
    }

    public override void Write(byte[] buffer, int offset, int count) => Writes.Add(Encoding.UTF8.GetString(buffer, offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Writes.Add(Encoding.UTF8.GetString(buffer.Span));
        return ValueTask.CompletedTask;
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
