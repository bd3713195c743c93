using System.Text;

namespace Queue.IntegrationTests.Infrastructure;

/// <summary>Just enough of the protobuf wire format to walk length-delimited fields (no protobuf package here).</summary>
static class Protobuf
{
    /// <summary>The length-delimited fields with this number.</summary>
    public static IEnumerable<byte[]> Fields(byte[] message, int number)
    {
        var i = 0;
        while (i < message.Length)
        {
            var tag = Varint(message, ref i);
            var field = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    Varint(message, ref i);
                    break;
                case 1:
                    i += 8;
                    break;
                case 5:
                    i += 4;
                    break;
                case 2:
                    var length = (int)Varint(message, ref i);
                    if (field == number)
                    {
                        yield return message[i..(i + length)];
                    }

                    i += length;
                    break;
                default:
                    yield break;
            }
        }
    }

    /// <summary>The messages reached by following field numbers down, e.g. Path(request, 1, 2, 2).</summary>
    public static IEnumerable<byte[]> Path(byte[] message, params int[] numbers) =>
        numbers.Aggregate((IEnumerable<byte[]>)[message], (level, number) => level.SelectMany(m => Fields(m, number)));

    public static string? String(byte[] message, int number) => Fields(message, number).Select(b => Encoding.UTF8.GetString(b)).FirstOrDefault();

    public static byte[] Bytes(byte[] message, int number) => Fields(message, number).FirstOrDefault() ?? [];

    static ulong Varint(byte[] buffer, ref int i)
    {
        ulong value = 0;
        for (var shift = 0; i < buffer.Length; shift += 7)
        {
            var b = buffer[i++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                break;
            }
        }

        return value;
    }
}
