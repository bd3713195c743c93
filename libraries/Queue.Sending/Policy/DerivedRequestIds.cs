using System.Security.Cryptography;
using System.Text;

namespace Queue.Sending.Policy;

/// <summary>
/// Request ids of the parts of a split request: a name-based id (RFC 9562 version 8) of the original id and the
/// part, so the same original always splits into the same ids and each part stays idempotent.
/// </summary>
public static class DerivedRequestIds
{
    public static Guid For(Guid original, string part)
    {
        Span<byte> input = stackalloc byte[16 + Encoding.UTF8.GetMaxByteCount(part.Length)];
        original.TryWriteBytes(input, bigEndian: true, out _);
        var length = 16 + Encoding.UTF8.GetBytes(part.ToLowerInvariant(), input[16..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input[..length], hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
