using System.Net;
using Queue.ReputationMonitor.Dns;

namespace Queue.ReputationMonitor.Tests.Unit;

public class DnsMessageTests
{
    [Fact]
    public void A_query_is_encoded_as_rfc_1035_says()
    {
        byte[] expected =
        [
            0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // id, RD, one question
            7, (byte)'e', (byte)'x', (byte)'a', (byte)'m', (byte)'p', (byte)'l', (byte)'e', 3, (byte)'c', (byte)'o', (byte)'m', 0,
            0x00, 0x10, 0x00, 0x01, // TXT, IN
        ];
        Assert.Equal(expected, DnsMessageWriter.Query(0x1234, "example.com.", DnsRecordType.TXT, ednsPayloadSize: 0));
    }

    [Fact]
    public void Edns_adds_an_opt_record_announcing_the_payload_size()
    {
        var query = DnsMessageWriter.Query(1, "example.com", DnsRecordType.A, ednsPayloadSize: 1232);
        Assert.Equal(1, query[11]); // ARCOUNT
        Assert.Equal(new byte[] { 0, 0x00, 0x29, 0x04, 0xD0, 0, 0, 0, 0, 0, 0 }, query[^11..]);
    }

    [Fact]
    public void Reads_answers_with_compressed_names()
    {
        byte[] response =
        [
            0x12, 0x34, 0x81, 0x80, 0x00, 0x01, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00,
            7, (byte)'e', (byte)'x', (byte)'a', (byte)'m', (byte)'p', (byte)'l', (byte)'e', 3, (byte)'c', (byte)'o', (byte)'m', 0,
            0x00, 0x01, 0x00, 0x01,
            0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x01, 0x2C, 0x00, 0x04, 127, 0, 0, 2, // A 127.0.0.2, TTL 300
            0xC0, 0x0C, 0x00, 0x10, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3C, 0x00, 0x0C, // TXT, TTL 60, two strings
            5, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o', 5, (byte)'w', (byte)'o', (byte)'r', (byte)'l', (byte)'d',
            0xC0, 0x0C, 0x00, 0x0F, 0x00, 0x01, 0x00, 0x00, 0x0E, 0x10, 0x00, 0x09, // MX 10 mail.example.com
            0x00, 0x0A, 4, (byte)'m', (byte)'a', (byte)'i', (byte)'l', 0xC0, 0x0C,
            0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01, 0x80, 0x00, 0x00, 0x00, 0x00, 0x04, 127, 0, 0, 4, // TTL with the top bit set
        ];
        var message = DnsMessageReader.Read(response);
        Assert.True(message.IsResponse);
        Assert.True(message.RecursionAvailable);
        Assert.Equal(DnsResponseCode.NoError, message.ResponseCode);
        Assert.Equal(new DnsQuestion("example.com", DnsRecordType.A), message.Questions.Single());
        Assert.Equal(IPAddress.Parse("127.0.0.2"), message.Answers[0].Address);
        Assert.Equal(300u, message.Answers[0].Ttl);
        Assert.Equal("example.com", message.Answers[0].Name);
        Assert.Equal(["hello", "world"], message.Answers[1].Strings);
        Assert.Equal("helloworld", message.Answers[1].Text);
        Assert.Equal((ushort)10, message.Answers[2].Preference);
        Assert.Equal("mail.example.com", message.Answers[2].Target);
        Assert.Equal(0u, message.Answers[3].Ttl);
    }

    [Fact]
    public void A_response_survives_a_round_trip()
    {
        var original = new DnsMessage
        {
            Id = 77, IsResponse = true, Authoritative = true, Truncated = true, RecursionDesired = true,
            ResponseCode = DnsResponseCode.NXDomain,
            Questions = [new DnsQuestion("1.0.0.127.zen.test", DnsRecordType.PTR)],
            Answers =
            [
                new DnsRecord("x.test", DnsRecordType.PTR, 1, 5) { Target = "mail.pasto.test" },
                new DnsRecord("x.test", DnsRecordType.AAAA, 1, 5) { Address = IPAddress.Parse("2001:db8::25") },
                new DnsRecord("x.test", DnsRecordType.TXT, 1, 5) { Strings = ["v=spf1 -all", "ñ"] },
            ],
        };
        var read = DnsMessageReader.Read(DnsMessageWriter.Write(original));
        Assert.Equal((77, true, true, true, true, DnsResponseCode.NXDomain), (read.Id, read.IsResponse, read.Authoritative, read.Truncated, read.RecursionDesired, read.ResponseCode));
        Assert.Equal(original.Questions, read.Questions);
        Assert.Equal("mail.pasto.test", read.Answers[0].Target);
        Assert.Equal(IPAddress.Parse("2001:db8::25"), read.Answers[1].Address);
        Assert.Equal(["v=spf1 -all", "ñ"], read.Answers[2].Strings);
    }

    [Theory]
    [InlineData(new byte[] { 0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 0x0C, 0, 1, 0, 1 })] // a pointer to itself
    [InlineData(new byte[] { 0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 0x20, 0, 1, 0, 1 })] // a pointer forward
    [InlineData(new byte[] { 0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 9, (byte)'a', 0 })] // a label past the end
    [InlineData(new byte[] { 0, 1, 0x81 })] // a header cut short
    [InlineData(new byte[] { 0, 1, 0x81, 0x80, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 5, 127, 0, 0, 1, 9 })] // A of 5 bytes
    public void Malformed_messages_are_refused(byte[] bytes) =>
        Assert.Throws<DnsFormatException>(() => DnsMessageReader.Read(bytes));

    [Fact]
    public void Names_beyond_the_wire_limits_are_refused()
    {
        Assert.Throws<ArgumentException>(() => DnsMessageWriter.Query(1, new string('a', 64) + ".test", DnsRecordType.A, 0));
        Assert.Throws<ArgumentException>(() => DnsMessageWriter.Query(1, string.Join('.', Enumerable.Repeat(new string('a', 60), 5)), DnsRecordType.A, 0));
    }
}
