using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Queue.ReputationMonitor.Dns;

/// <summary>
/// Decodes RFC 1035 wire format, following name compression pointers. Every length is checked against the
/// bytes received: an answer comes from the network and may be hostile or cut short.
/// </summary>
public sealed class DnsMessageReader
{
    /// <summary>More jumps than a legitimate name can need (a name has at most 127 labels).</summary>
    const int MaxPointerJumps = 128;

    readonly byte[] data;
    int position;

    DnsMessageReader(byte[] data) => this.data = data;

    public static DnsMessage Read(ReadOnlySpan<byte> bytes) => new DnsMessageReader(bytes.ToArray()).ReadMessage();

    DnsMessage ReadMessage()
    {
        var id = ReadUInt16();
        var flags = ReadUInt16();
        var counts = new[] { ReadUInt16(), ReadUInt16(), ReadUInt16(), ReadUInt16() };
        var questions = new List<DnsQuestion>(counts[0]);
        for (var i = 0; i < counts[0]; i++)
        {
            questions.Add(new DnsQuestion(ReadName(), (DnsRecordType)ReadUInt16(), ReadUInt16()));
        }

        return new DnsMessage
        {
            Id = id,
            IsResponse = (flags & 0x8000) != 0,
            Opcode = (byte)((flags >> 11) & 0xF),
            Authoritative = (flags & 0x0400) != 0,
            Truncated = (flags & 0x0200) != 0,
            RecursionDesired = (flags & 0x0100) != 0,
            RecursionAvailable = (flags & 0x0080) != 0,
            ResponseCode = (DnsResponseCode)(flags & 0xF),
            Questions = questions,
            Answers = ReadRecords(counts[1]),
            Authorities = ReadRecords(counts[2]),
            Additionals = ReadRecords(counts[3]),
        };
    }

    List<DnsRecord> ReadRecords(int count)
    {
        var records = new List<DnsRecord>(Math.Min(count, 64));
        for (var i = 0; i < count; i++)
        {
            records.Add(ReadRecord());
        }

        return records;
    }

    DnsRecord ReadRecord()
    {
        var name = ReadName();
        var type = (DnsRecordType)ReadUInt16();
        var @class = ReadUInt16();
        // RFC 2181 8: a TTL with the top bit set is treated as zero.
        var ttl = ReadUInt32();
        ttl = ttl > int.MaxValue ? 0 : ttl;
        var length = ReadUInt16();
        Need(length);
        var end = position + length;
        var record = new DnsRecord(name, type, @class, ttl);
        record = type switch
        {
            DnsRecordType.A => record with { Address = ReadAddress(length, 4) },
            DnsRecordType.AAAA => record with { Address = ReadAddress(length, 16) },
            DnsRecordType.TXT => record with { Strings = ReadStrings(end) },
            DnsRecordType.PTR or DnsRecordType.CNAME or DnsRecordType.NS => record with { Target = ReadName() },
            DnsRecordType.MX => record with { Preference = ReadUInt16(), Target = ReadName() },
            DnsRecordType.SOA => ReadSoa(record),
            _ => record,
        };
        if (position > end)
        {
            throw new DnsFormatException($"{type} data runs past its length");
        }

        position = end;
        return record;
    }

    DnsRecord ReadSoa(DnsRecord record)
    {
        var primary = ReadName();
        ReadName(); // the responsible mailbox
        Need(20);
        position += 16; // serial, refresh, retry, expire
        return record with { Target = primary, Minimum = ReadUInt32() };
    }

    IPAddress ReadAddress(int length, int expected)
    {
        if (length != expected)
        {
            throw new DnsFormatException($"an address of {length} bytes where {expected} were expected");
        }

        var address = new IPAddress(data.AsSpan(position, length));
        position += length;
        return address;
    }

    List<string> ReadStrings(int end)
    {
        var strings = new List<string>();
        while (position < end)
        {
            var length = data[position++];
            if (position + length > end)
            {
                throw new DnsFormatException("a TXT string runs past its record");
            }

            strings.Add(Encoding.UTF8.GetString(data, position, length));
            position += length;
        }

        return strings;
    }

    /// <summary>
    /// A name, following compression pointers (RFC 1035 4.1.4). A pointer must point before the label that holds
    /// it, so a chain always ends; the jump limit is a second guard.
    /// </summary>
    string ReadName()
    {
        var labels = new List<string>();
        var at = position;
        var resumeAt = -1;
        var jumps = 0;
        var wireLength = 1;
        while (true)
        {
            if (at >= data.Length)
            {
                throw new DnsFormatException("a name runs past the message");
            }

            var length = data[at];
            if (length == 0)
            {
                at++;
                break;
            }

            switch (length & 0xC0)
            {
                case 0xC0:
                    if (at + 1 >= data.Length)
                    {
                        throw new DnsFormatException("a compression pointer is cut short");
                    }

                    var target = ((length & 0x3F) << 8) | data[at + 1];
                    if (target >= at || ++jumps > MaxPointerJumps)
                    {
                        throw new DnsFormatException("a compression pointer loops or points forward");
                    }

                    if (resumeAt < 0)
                    {
                        resumeAt = at + 2;
                    }

                    at = target;
                    continue;
                case 0:
                    if (at + 1 + length > data.Length)
                    {
                        throw new DnsFormatException("a label runs past the message");
                    }

                    wireLength += length + 1;
                    if (wireLength > DnsName.MaxWireLength)
                    {
                        throw new DnsFormatException("a name is longer than 255 bytes");
                    }

                    labels.Add(Encoding.ASCII.GetString(data, at + 1, length));
                    at += 1 + length;
                    continue;
                default:
                    throw new DnsFormatException("a label of an unknown type (0x40 or 0x80)");
            }
        }

        position = resumeAt >= 0 ? resumeAt : at;
        return string.Join('.', labels);
    }

    ushort ReadUInt16()
    {
        Need(2);
        var value = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(position));
        position += 2;
        return value;
    }

    uint ReadUInt32()
    {
        Need(4);
        var value = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(position));
        position += 4;
        return value;
    }

    void Need(int count)
    {
        if (position + count > data.Length)
        {
            throw new DnsFormatException("the message is cut short");
        }
    }
}
