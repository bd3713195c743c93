using System.Text;

namespace Queue.Sending.Transport.Smtp;

/// <summary>Reads SMTP replies (RFC 5321 §4.2), single- and multi-line, from a stream through a buffer of its own.</summary>
sealed class SmtpReplyReader(Stream stream)
{
    // No server needs more for one reply; a peer that sends more is not an SMTP server.
    const int MaxReplyBytes = 64 * 1024;

    readonly byte[] buffer = new byte[8192];
    int start;
    int end;

    /// <summary>Bytes received but not yet read as a reply: must be none when TLS starts (RFC 3207 §6).</summary>
    public int Buffered => end - start;

    public async ValueTask<SmtpReply> ReadAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>(1);
        var code = -1;
        var total = 0;
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken);
            total += line.Length;
            if (total > MaxReplyBytes)
            {
                throw new SmtpProtocolException("the server's reply is longer than 64 KiB");
            }

            if (line.Length < 3 || !char.IsAsciiDigit(line[0]) || !char.IsAsciiDigit(line[1]) || !char.IsAsciiDigit(line[2])
                || (line.Length > 3 && line[3] is not (' ' or '-')))
            {
                throw new SmtpProtocolException($"the server sent a line that is not an SMTP reply: '{Shorten(line)}'");
            }

            var lineCode = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
            if (code >= 0 && lineCode != code)
            {
                throw new SmtpProtocolException($"the lines of one reply carry different codes ({code}, {lineCode})");
            }

            code = lineCode;
            lines.Add(line.Length > 4 ? line[4..] : "");
            if (line.Length == 3 || line[3] == ' ')
            {
                return new SmtpReply(code, lines);
            }
        }
    }

    async ValueTask<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var scanned = 0;
        while (true)
        {
            var lf = Array.IndexOf(buffer, (byte)'\n', start + scanned, end - start - scanned);
            if (lf >= 0)
            {
                var length = lf - start;
                var text = Encoding.UTF8.GetString(buffer, start, length > 0 && buffer[lf - 1] == '\r' ? length - 1 : length);
                start = lf + 1;
                return text;
            }

            scanned = end - start;
            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }

            if (end == buffer.Length)
            {
                throw new SmtpProtocolException($"the server sent a reply line longer than {buffer.Length} bytes");
            }

            var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken);
            if (read == 0)
            {
                throw new IOException("the server closed the connection");
            }

            end += read;
        }
    }

    static string Shorten(string line) => line.Length <= 80 ? line : line[..77] + "...";
}
