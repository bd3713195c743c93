using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Queue.ReputationMonitor.Dns;

/// <summary>
/// Encodes messages in RFC 1035 wire format. Names are written whole (no compression): queries hold one name,
/// and the tests' responses need not be small.
/// </summary>
public static class DnsMessageWriter
{
    /// <summary>A recursive query for one name, with an EDNS0 OPT record when <paramref name="ednsPayloadSize"/> is set.</summary>
    public static byte[] Query(ushort id, string name, DnsRecordType type, int ednsPayloadSize) => Write(new DnsMessage
    {
        Id = id,
        RecursionDesired = true,
        Questions = [new DnsQuestion(name, type)],
        Additionals = ednsPayloadSize > 0 ? [new DnsRecord("", DnsRecordType.OPT, (ushort)Math.Max(512, ednsPayloadSize), 0)] : [],
    });

    public static byte[] Write(DnsMessage message)
    {
        var buffer = new List<byte>(512);
        WriteUInt16(buffer, message.Id);
        var flags = (message.IsResponse ? 0x8000 : 0) | ((message.Opcode & 0xF) << 11) | (message.Authoritative ? 0x0400 : 0)
            | (message.Truncated ? 0x0200 : 0) | (message.RecursionDesired ? 0x0100 : 0)
            | (message.RecursionAvailable ? 0x0080 : 0) | ((int)message.ResponseCode & 0xF);
        WriteUInt16(buffer, (ushort)flags);
        WriteUInt16(buffer, (ushort)message.Questions.Count);
        WriteUInt16(buffer, (ushort)message.Answers.Count);
        WriteUInt16(buffer, (ushort)message.Authorities.Count);
        WriteUInt16(buffer, (ushort)message.Additionals.Count);
        foreach (var question in message.Questions)
        {
            WriteName(buffer, question.Name);
            WriteUInt16(buffer, (ushort)question.Type);
            WriteUInt16(buffer, question.Class);
        }

        foreach (var record in message.Answers.Concat(message.Authorities).Concat(message.Additionals))
        {
            WriteRecord(buffer, record);
        }

        return [.. buffer];
    }

    static void WriteRecord(List<byte> buffer, DnsRecord record)
    {
        WriteName(buffer, record.Name);
        WriteUInt16(buffer, (ushort)record.Type);
        WriteUInt16(buffer, record.Class);
        WriteUInt32(buffer, record.Ttl);
        var data = new List<byte>();
        switch (record.Type)
        {
            case DnsRecordType.A or DnsRecordType.AAAA when record.Address is { } address:
                var expected = record.Type == DnsRecordType.A ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
                if (address.AddressFamily != expected)
                {
                    throw new ArgumentException($"{record.Type} record with an {address.AddressFamily} address");
                }

                data.AddRange(address.GetAddressBytes());
                break;
            case DnsRecordType.TXT:
                foreach (var text in record.Strings)
                {
                    var bytes = Encoding.UTF8.GetBytes(text);
                    if (bytes.Length > 255)
                    {
                        throw new ArgumentException("a TXT character-string holds 255 bytes at most");
                    }

                    data.Add((byte)bytes.Length);
                    data.AddRange(bytes);
                }

                break;
            case DnsRecordType.MX:
                WriteUInt16(data, record.Preference);
                WriteName(data, record.Target ?? "");
                break;
            case DnsRecordType.PTR or DnsRecordType.CNAME or DnsRecordType.NS:
                WriteName(data, record.Target ?? "");
                break;
        }

        WriteUInt16(buffer, (ushort)data.Count);
        buffer.AddRange(data);
    }

    static void WriteName(List<byte> buffer, string name)
    {
        foreach (var label in DnsName.Labels(name))
        {
            buffer.Add((byte)label.Length);
            buffer.AddRange(Encoding.ASCII.GetBytes(label));
        }

        buffer.Add(0);
    }

    static void WriteUInt16(List<byte> buffer, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        buffer.AddRange(bytes);
    }

    static void WriteUInt32(List<byte> buffer, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        buffer.AddRange(bytes);
    }
}
