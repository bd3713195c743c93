using System.Buffers;
using System.Text;
using Queue.Sending.Accounts;
using Queue.Sending.Transport.Smtp;

namespace Queue.UnitTests;

public class SmtpReplyReaderTests
{
    static SmtpReplyReader Reader(string text) => new(new MemoryStream(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public async Task Reads_a_multi_line_reply_and_the_next_one_after_it()
    {
        var reader = Reader("250-mail.example.org Hello\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250 8BITMIME\r\n550 5.1.1 <x@y.co>: user unknown\r\n");

        var ehlo = await reader.ReadAsync(default);
        var refusal = await reader.ReadAsync(default);

        Assert.Equal(250, ehlo.Code);
        Assert.Equal(["mail.example.org Hello", "PIPELINING", "SIZE 1000", "8BITMIME"], ehlo.Lines);
        Assert.Equal(550, refusal.Code);
        Assert.Equal("5.1.1", refusal.EnhancedCode);
        Assert.Equal("550 5.1.1 <x@y.co>: user unknown", refusal.ToString());
        Assert.False(refusal.IsTransient);
    }

    [Fact]
    public async Task Reads_a_reply_split_across_reads_and_bare_code_lines()
    {
        var stream = new ScriptedSmtpStream("25", "0 2.0.0 Ok: queued", " as ABC\r\n354\r\n");
        var reader = new SmtpReplyReader(stream);

        Assert.Equal("250 2.0.0 Ok: queued as ABC", (await reader.ReadAsync(default)).ToString());
        var go = await reader.ReadAsync(default);
        Assert.Equal(354, go.Code);
        Assert.Null(go.EnhancedCode);
    }

    [Theory]
    [InlineData("hello\r\n")]
    [InlineData("250-first\r\n251 second\r\n")]
    [InlineData("25x ok\r\n")]
    public async Task Refuses_what_is_not_an_smtp_reply(string text) =>
        await Assert.ThrowsAsync<SmtpProtocolException>(async () => await Reader(text).ReadAsync(default));

    [Fact]
    public async Task A_closed_connection_is_an_io_error() =>
        await Assert.ThrowsAsync<IOException>(async () => await Reader("250-half\r\n").ReadAsync(default));

    [Fact]
    public void Capabilities_come_from_the_ehlo_lines()
    {
        var capabilities = SmtpCapabilities.Parse(new SmtpReply(250, ["mx Hello", "PIPELINING", "SIZE 35882577", "AUTH LOGIN PLAIN", "AUTH=LOGIN", "STARTTLS", "8BITMIME", "SMTPUTF8", "CHUNKING"]));

        Assert.True(capabilities is { Pipelining: true, StartTls: true, EightBitMime: true, SmtpUtf8: true, Chunking: true, MaxSize: 35882577 });
        Assert.Equal(["LOGIN", "PLAIN"], capabilities.AuthMechanisms.Order());
        Assert.False(SmtpCapabilities.Parse(new SmtpReply(250, ["mx"])).Pipelining);
    }
}

public class DotStuffingTests
{
    static string Stuff(string message)
    {
        var output = new ArrayBufferWriter<byte>();
        DotStuffing.Write(Encoding.ASCII.GetBytes(message), output);
        return Encoding.ASCII.GetString(output.WrittenSpan);
    }

    [Theory]
    [InlineData("a\r\n.\r\nb\r\n", "a\r\n..\r\nb\r\n.\r\n")]
    [InlineData(".starts\r\n", "..starts\r\n.\r\n")]
    [InlineData("a\r\n..two\r\n.", "a\r\n...two\r\n..\r\n.\r\n")]
    [InlineData("no end", "no end\r\n.\r\n")]
    [InlineData("mid.dle\r\n", "mid.dle\r\n.\r\n")]
    [InlineData("", ".\r\n")]
    public void Doubles_leading_dots_and_ends_the_data(string message, string expected) => Assert.Equal(expected, Stuff(message));
}

public class SmtpConnectionTests
{
    static readonly SmtpRoute Route = new("mx.example.org", 25, SmtpSecurity.None, null, TimeSpan.FromSeconds(5), 1);
    static readonly SmtpEnvelope Envelope = new("intranet@pasto.gov.co", ["ana@pasto.gov.co", "nadie@pasto.gov.co", "luis@pasto.gov.co"]);
    static readonly byte[] Message = Encoding.ASCII.GetBytes("Subject: hola\r\n\r\n.linea\r\n");

    static Task<SmtpConnection> Open(ScriptedSmtpStream stream, SmtpRoute? route = null) =>
        SmtpConnection.OpenAsync(stream, "[127.0.0.1]", route ?? Route, null, default);

    [Fact]
    public async Task With_pipelining_the_envelope_and_data_go_in_one_write_and_replies_are_matched_in_order()
    {
        var stream = new ScriptedSmtpStream(
            "220 mx ESMTP\r\n",
            "250-mx\r\n250-PIPELINING\r\n250 SIZE 100000\r\n",
            "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n550 5.1.1 <nadie@pasto.gov.co>: Recipient address rejected\r\n",
            "250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n",
            "250 2.0.0 Ok: queued as 4F2A1\r\n");
        await using var connection = await Open(stream);

        var transaction = await connection.SendAsync(Envelope, Message, default);

        Assert.Equal(["EHLO [127.0.0.1]\r\n",
            $"MAIL FROM:<intranet@pasto.gov.co> SIZE={Message.Length}\r\nRCPT TO:<ana@pasto.gov.co>\r\nRCPT TO:<nadie@pasto.gov.co>\r\nRCPT TO:<luis@pasto.gov.co>\r\nDATA\r\n",
            "Subject: hola\r\n\r\n..linea\r\n.\r\n"], stream.Writes);
        Assert.Equal([250, 550, 250], transaction.Recipients.Select(r => r.Code));
        Assert.Equal(354, transaction.Data!.Code);
        Assert.Equal("250 2.0.0 Ok: queued as 4F2A1", transaction.Final!.ToString());
        Assert.True(connection.IsUsable);
        Assert.Equal(SmtpStage.Idle, connection.Stage);
    }

    [Fact]
    public async Task Without_pipelining_each_command_waits_for_its_reply()
    {
        var stream = new ScriptedSmtpStream("220 mx\r\n", "250-mx\r\n250 8BITMIME\r\n", "250 ok\r\n", "250 ok\r\n", "250 ok\r\n", "250 ok\r\n", "354 go\r\n", "250 queued\r\n");
        await using var connection = await Open(stream);

        var transaction = await connection.SendAsync(Envelope, Message, default);

        Assert.Equal(["EHLO [127.0.0.1]\r\n", "MAIL FROM:<intranet@pasto.gov.co>\r\n", "RCPT TO:<ana@pasto.gov.co>\r\n",
            "RCPT TO:<nadie@pasto.gov.co>\r\n", "RCPT TO:<luis@pasto.gov.co>\r\n", "DATA\r\n", "Subject: hola\r\n\r\n..linea\r\n.\r\n"], stream.Writes);
        Assert.Equal("250 queued", transaction.Final!.ToString());
    }

    [Fact]
    public async Task A_refusal_stays_the_outcome_when_the_server_hangs_up_before_the_reset()
    {
        // Replies run out after the refusal of the content: the RSET meets a closed connection.
        var stream = new ScriptedSmtpStream("220 mx\r\n", "250-mx\r\n250 PIPELINING\r\n",
            "250 ok\r\n250 ok\r\n250 ok\r\n250 ok\r\n354 go\r\n", "554 5.7.1 Message rejected as spam\r\n");
        await using var connection = await Open(stream);

        var transaction = await connection.SendAsync(Envelope, Message, default);

        Assert.Equal("554 5.7.1 Message rejected as spam", transaction.Final!.ToString());
        Assert.Equal("RSET\r\n", stream.Writes[^1]);
        Assert.False(connection.IsUsable);
    }

    [Fact]
    public async Task Every_recipient_refused_resets_the_transaction_and_keeps_the_connection()
    {
        var stream = new ScriptedSmtpStream("220 mx\r\n", "250-mx\r\n250 PIPELINING\r\n",
            "250 ok\r\n550 5.1.1 no\r\n550 5.1.1 no\r\n550 5.1.1 no\r\n554 5.5.1 Error: no valid recipients\r\n", "250 2.0.0 Ok\r\n");
        await using var connection = await Open(stream);

        var transaction = await connection.SendAsync(Envelope, Message, default);

        Assert.Equal(554, transaction.Data!.Code);
        Assert.Null(transaction.Final);
        Assert.Equal("RSET\r\n", stream.Writes[^1]);
        Assert.True(connection.IsUsable);
    }

    [Fact]
    public async Task A_421_ends_the_transaction_and_the_connection_without_reading_further()
    {
        var stream = new ScriptedSmtpStream("220 mx\r\n", "250-mx\r\n250 PIPELINING\r\n", "421 4.3.2 shutting down\r\n");
        var connection = await Open(stream);

        var transaction = await connection.SendAsync(Envelope, Message, default);

        Assert.Equal(421, transaction.Closing!.Code);
        Assert.False(connection.IsUsable);
        connection.Dispose();
    }

    const string ChunkingEhlo = "250-mx\r\n250-PIPELINING\r\n250-CHUNKING\r\n250 SIZE 100000\r\n";

    // Lines that DATA would have to stuff: a leading dot, a lone dot (DATA's end), two dots.
    static readonly byte[] DottedMessage = Encoding.ASCII.GetBytes("Subject: puntos\r\n\r\n.linea\r\n.\r\n..dos\r\nfin\r\n");

    static string ChunkedTransaction(byte[] message) =>
        $"MAIL FROM:<intranet@pasto.gov.co> SIZE={message.Length}\r\nRCPT TO:<ana@pasto.gov.co>\r\nRCPT TO:<nadie@pasto.gov.co>\r\n" +
        $"RCPT TO:<luis@pasto.gov.co>\r\nBDAT {message.Length} LAST\r\n{Encoding.ASCII.GetString(message)}";

    [Fact]
    public async Task With_chunking_the_envelope_bdat_and_the_unstuffed_content_go_in_one_write()
    {
        var stream = new ScriptedSmtpStream("220 mx ESMTP\r\n", ChunkingEhlo,
            "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n550 5.1.1 <nadie@pasto.gov.co>: Recipient address rejected\r\n250 2.1.5 Ok\r\n",
            "250 2.0.0 Ok: queued as 4F2A1\r\n");
        await using var connection = await Open(stream);

        var transaction = await connection.SendAsync(Envelope, DottedMessage, default);

        Assert.Equal(["EHLO [127.0.0.1]\r\n", ChunkedTransaction(DottedMessage)], stream.Writes);
        Assert.Equal([250, 550, 250], transaction.Recipients.Select(r => r.Code));
        Assert.Null(transaction.Data);
        Assert.Equal("250 2.0.0 Ok: queued as 4F2A1", transaction.Final!.ToString());
        Assert.True(connection.IsUsable);
        Assert.Equal(SmtpStage.Idle, connection.Stage);
    }

    [Theory]
    [InlineData("550 5.7.1 sender refused\r\n503 5.5.1 need MAIL\r\n503 5.5.1 need MAIL\r\n503 5.5.1 need MAIL\r\n503 5.5.1 need MAIL command\r\n", 550, 503)]
    [InlineData("250 ok\r\n550 5.1.1 no\r\n550 5.1.1 no\r\n451 4.3.0 busy\r\n554 5.5.1 Error: no valid recipients\r\n", 250, 554)]
    [InlineData("250 ok\r\n250 ok\r\n250 ok\r\n250 ok\r\n451 4.4.0 try again later\r\n", 250, 451)]
    public async Task A_refused_bdat_transaction_is_reset_and_keeps_the_connection(string replies, int mail, int bdat)
    {
        var stream = new ScriptedSmtpStream("220 mx\r\n", ChunkingEhlo, replies, "250 2.0.0 Ok\r\n");
        await using var connection = await Open(stream);

        var transaction = await connection.SendAsync(Envelope, DottedMessage, default);

        Assert.Equal(ChunkedTransaction(DottedMessage), stream.Writes[1]);
        Assert.Equal(mail, transaction.Mail.Code);
        Assert.Equal(bdat, transaction.Final!.Code);
        Assert.Equal(["RSET\r\n"], stream.Writes[2..]);
        Assert.True(connection.IsUsable);
        Assert.Equal(SmtpStage.Idle, connection.Stage);
    }

    [Theory]
    [InlineData("421 4.3.2 shutting down\r\n")]
    [InlineData("250 ok\r\n250 ok\r\n421 4.3.2 shutting down\r\n")]
    [InlineData("250 ok\r\n250 ok\r\n250 ok\r\n250 ok\r\n421 4.3.2 shutting down\r\n")]
    public async Task A_421_in_a_bdat_transaction_ends_it_and_the_connection(string replies)
    {
        var stream = new ScriptedSmtpStream("220 mx\r\n", ChunkingEhlo, replies);
        var connection = await Open(stream);

        var transaction = await connection.SendAsync(Envelope, DottedMessage, default);

        Assert.Equal(421, transaction.Closing!.Code);
        Assert.Equal(2, stream.Writes.Count);
        Assert.False(connection.IsUsable);
        connection.Dispose();
    }

    [Fact]
    public async Task A_lost_connection_after_the_bdat_write_leaves_the_stage_at_content_sent()
    {
        var stream = new ScriptedSmtpStream("220 mx\r\n", ChunkingEhlo);
        var connection = await Open(stream);

        await Assert.ThrowsAsync<IOException>(() => connection.SendAsync(Envelope, DottedMessage, default));

        Assert.Equal(SmtpStage.ContentSent, connection.Stage);
        connection.Dispose();
    }

    [Fact]
    public async Task A_route_that_prefers_data_uses_it_although_chunking_is_offered()
    {
        var stream = new ScriptedSmtpStream("220 mx\r\n", ChunkingEhlo,
            "250 ok\r\n250 ok\r\n250 ok\r\n250 ok\r\n354 go\r\n", "250 queued\r\n");
        await using var connection = await Open(stream, Route with { UseChunking = false });

        var transaction = await connection.SendAsync(Envelope, DottedMessage, default);

        Assert.EndsWith("DATA\r\n", stream.Writes[1]);
        Assert.Equal("Subject: puntos\r\n\r\n..linea\r\n..\r\n...dos\r\nfin\r\n.\r\n", stream.Writes[2]);
        Assert.Equal("250 queued", transaction.Final!.ToString());
    }

    [Fact]
    public async Task Chunking_without_pipelining_keeps_data_one_command_at_a_time()
    {
        var stream = new ScriptedSmtpStream("220 mx\r\n", "250-mx\r\n250 CHUNKING\r\n", "250 ok\r\n", "250 ok\r\n", "250 ok\r\n", "250 ok\r\n", "354 go\r\n", "250 queued\r\n");
        await using var connection = await Open(stream);

        await connection.SendAsync(Envelope, DottedMessage, default);

        Assert.Equal("MAIL FROM:<intranet@pasto.gov.co>\r\n", stream.Writes[1]);
        Assert.Equal("DATA\r\n", stream.Writes[5]);
    }

    [Fact]
    public async Task A_session_the_server_spoke_on_unasked_gets_the_envelope_without_the_content()
    {
        // The 421 came with the EHLO reply, as a server's idle-close notice waits unread in a pooled session.
        var stream = new ScriptedSmtpStream("220 mx\r\n", ChunkingEhlo + "421 4.4.2 idle too long\r\n");
        var connection = await Open(stream);

        var transaction = await connection.SendAsync(Envelope, DottedMessage, default);

        Assert.Equal(421, transaction.Mail.Code);
        Assert.EndsWith("DATA\r\n", stream.Writes[1]);
        Assert.DoesNotContain("BDAT", stream.Writes[1]);
        Assert.NotEqual(SmtpStage.ContentSent, connection.Stage);
        connection.Dispose();
    }

    [Fact]
    public async Task A_message_over_the_servers_size_is_not_sent()
    {
        var stream = new ScriptedSmtpStream("220 mx\r\n", "250-mx\r\n250 SIZE 10\r\n");
        await using var connection = await Open(stream);

        var transaction = await connection.SendAsync(Envelope, Message, default);

        Assert.Equal(552, transaction.Mail.Code);
        Assert.Contains("more than the 10 mx.example.org accepts", transaction.Mail.ToString());
        Assert.Single(stream.Writes);
    }

    [Fact]
    public async Task An_internationalised_address_needs_smtputf8()
    {
        var stream = new ScriptedSmtpStream("220 mx\r\n", "250-mx\r\n250 8BITMIME\r\n");
        await using var connection = await Open(stream);

        var transaction = await connection.SendAsync(new SmtpEnvelope("intranet@pasto.gov.co", ["josé@pasto.gov.co"]), Message, default);

        Assert.Equal(553, transaction.Mail.Code);
        Assert.Contains("SMTPUTF8", transaction.Mail.ToString());
    }

    [Fact]
    public async Task A_server_that_refuses_ehlo_gets_helo_and_no_extensions()
    {
        var stream = new ScriptedSmtpStream("220 old\r\n", "502 5.5.1 command not implemented\r\n", "250 old\r\n");
        await using var connection = await Open(stream);

        Assert.Equal(["EHLO [127.0.0.1]\r\n", "HELO [127.0.0.1]\r\n"], stream.Writes);
        Assert.False(connection.Capabilities.Pipelining);
    }

    [Theory]
    [InlineData("PLAIN LOGIN", new[] { "AUTH PLAIN AHVzZXIAc2VjcmV0\r\n" })]
    [InlineData("LOGIN", new[] { "AUTH LOGIN\r\n", "dXNlcg==\r\n", "c2VjcmV0\r\n" })]
    public async Task Authenticates_with_plain_when_offered_else_login(string mechanisms, string[] expected)
    {
        var stream = new ScriptedSmtpStream("220 mx\r\n", $"250-mx\r\n250 AUTH {mechanisms}\r\n", "334 VXNlcm5hbWU6\r\n", "334 UGFzc3dvcmQ6\r\n", "235 2.7.0 ok\r\n");
        if (mechanisms.StartsWith("PLAIN"))
        {
            stream = new ScriptedSmtpStream("220 mx\r\n", $"250-mx\r\n250 AUTH {mechanisms}\r\n", "235 2.7.0 ok\r\n");
        }

        await using var connection = await Open(stream, Route with { Credentials = new SmtpCredentials("user", "secret") });

        Assert.Equal(expected, stream.Writes.Skip(1));
    }

    [Fact]
    public async Task A_route_that_requires_tls_refuses_a_server_without_starttls()
    {
        var stream = new ScriptedSmtpStream("220 mx\r\n", "250-mx\r\n250 AUTH PLAIN\r\n");

        var e = await Assert.ThrowsAsync<SmtpSessionException>(() => Open(stream, Route with { Security = SmtpSecurity.StartTls }));

        Assert.Contains("does not offer STARTTLS", e.Message);
        Assert.DoesNotContain(stream.Writes, w => w.StartsWith("AUTH"));
    }
}
