using System.Buffers;
using System.Text;

namespace Queue.Sending.Transport.Mime;

/// <summary>RFC 2045 quoted-printable for UTF-8 text: every line ends in CRLF and is at most 76 characters.</summary>
static class QuotedPrintable
{
    const int MaxLine = 76;
    static readonly byte[] Hex = "0123456789ABCDEF"u8.ToArray();

    /// <summary>Encodes <paramref name="text"/>; CRLF, LF and a lone CR all become hard line breaks (CRLF).</summary>
    public static void Write(string text, IBufferWriter<byte> output)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, bytes);
            WriteBytes(bytes.AsSpan(0, length), output);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    static void WriteBytes(ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        // A line can grow to 76 characters plus CRLF before it is written out.
        Span<byte> line = stackalloc byte[MaxLine + 2];
        var used = 0;
        for (var i = 0; i < input.Length; i++)
        {
            var b = input[i];
            if (b is (byte)'\r' or (byte)'\n')
            {
                if (b == '\r' && i + 1 < input.Length && input[i + 1] == '\n')
                {
                    i++;
                }

                Flush(line, ref used, output);
                continue;
            }

            var atLineEnd = i + 1 == input.Length || input[i + 1] is (byte)'\r' or (byte)'\n';
            var literal = b is >= 33 and <= 126 and not (byte)'=' || (b is (byte)' ' or (byte)'\t' && !atLineEnd);
            var width = literal ? 1 : 3;

            // Room for the character and, unless the line ends right after it, the soft break's '='.
            if (used + width > (atLineEnd ? MaxLine : MaxLine - 1))
            {
                line[used++] = (byte)'=';
                Flush(line, ref used, output);
            }

            if (literal)
            {
                line[used++] = b;
            }
            else
            {
                line[used++] = (byte)'=';
                line[used++] = Hex[b >> 4];
                line[used++] = Hex[b & 0xF];
            }
        }

        if (used > 0)
        {
            Flush(line, ref used, output);
        }
    }

    static void Flush(Span<byte> line, ref int used, IBufferWriter<byte> output)
    {
        line[used++] = (byte)'\r';
        line[used++] = (byte)'\n';
        output.Write(line[..used]);
        used = 0;
    }
}
