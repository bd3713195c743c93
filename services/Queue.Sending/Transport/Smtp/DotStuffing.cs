using System.Buffers;

namespace Queue.Sending.Transport.Smtp;

/// <summary>RFC 5321 §4.5.2: a line that starts with '.' gets another, and the data ends with CRLF "." CRLF.</summary>
static class DotStuffing
{
    /// <summary>
    /// Copies <paramref name="message"/> to <paramref name="output"/> stuffed and terminated. A message that does
    /// not end in CRLF gets one, so the terminating dot is on a line of its own.
    /// </summary>
    public static void Write(ReadOnlySpan<byte> message, IBufferWriter<byte> output)
    {
        var atLineStart = true;
        while (!message.IsEmpty)
        {
            if (atLineStart && message[0] == '.')
            {
                output.Write("."u8);
            }

            var lf = message.IndexOf((byte)'\n');
            var line = lf < 0 ? message : message[..(lf + 1)];
            output.Write(line);
            message = message[line.Length..];
            atLineStart = lf >= 0;
        }

        output.Write(atLineStart ? ".\r\n"u8 : "\r\n.\r\n"u8);
    }
}
