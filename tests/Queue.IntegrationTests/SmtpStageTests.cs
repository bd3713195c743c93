using Queue.Sending.Accounts;
using Queue.Sending.Transport;
using Queue.Sending.Validation;
using static Queue.IntegrationTests.SmtpClientTests;

namespace Queue.IntegrationTests;

/// <summary>
/// How far a failed transaction got, as the transport tells it from MailKit: whether the provider may have
/// counted the message (no refund then), whether it is in doubt, and what kind of failure it was.
/// </summary>
public class SmtpStageTests(SmtpServersFixture servers) : IClassFixture<SmtpServersFixture>
{
    [Fact]
    public async Task Refused_at_mail_from_is_a_session_failure_and_nothing_is_counted()
    {
        await using var transport = new SmtpMailTransport(TimeProvider.System);

        var result = await transport.SendAsync(Mail("MAIL rechazado", "ana@pasto.gov.co") with { From = new Mailbox("refused-sender@pasto.gov.co", null) },
            Plain(servers.Pipelining), default);

        Assert.Equal(SendStatus.PermanentFailure, result.Status);
        Assert.StartsWith("553 5.7.1", result.Reply);
        Assert.Equal(SendFailureKind.Session, result.Kind);
        Assert.False(result.MayHaveBeenCounted);
        Assert.False(result.Unanswered);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_recipient_refused_at_rcpt_is_not_counted(bool chunking)
    {
        await using var transport = new SmtpMailTransport(TimeProvider.System);

        var result = await transport.SendAsync(Mail("RCPT rechazado", "unknown@pasto.gov.co"), Plain(chunking ? servers.Chunking : servers.Pipelining), default);

        Assert.Equal(SendStatus.PermanentFailure, result.Status);
        Assert.Equal(SendFailureKind.AllRecipients, result.Kind);
        Assert.Equal("unknown@pasto.gov.co", Assert.Single(result.Refused).Address);
        Assert.False(result.MayHaveBeenCounted);
    }

    [Fact]
    public async Task Refused_at_the_data_command_is_a_message_failure_and_nothing_is_counted()
    {
        await using var transport = new SmtpMailTransport(TimeProvider.System);

        var result = await transport.SendAsync(Mail("DATA rechazado", "refuse-data@pasto.gov.co"), Plain(servers.Pipelining), default);

        Assert.Equal(SendStatus.PermanentFailure, result.Status);
        Assert.StartsWith("554 5.5.0", result.Reply);
        Assert.Equal(SendFailureKind.Message, result.Kind);
        Assert.False(result.MayHaveBeenCounted);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Refused_after_the_content_may_have_been_counted(bool chunking)
    {
        await using var transport = new SmtpMailTransport(TimeProvider.System);

        var result = await transport.SendAsync(Mail("Contenido rechazado", "tempfail-data@pasto.gov.co"), Plain(chunking ? servers.Chunking : servers.Pipelining), default);

        Assert.Equal(SendStatus.TransientFailure, result.Status);
        Assert.Equal(SendFailureKind.Message, result.Kind);
        Assert.True(result.MayHaveBeenCounted);
        Assert.False(result.Unanswered);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Silence_after_the_content_is_in_doubt(bool chunking)
    {
        await using var transport = new SmtpMailTransport(TimeProvider.System);

        var result = await transport.SendAsync(Mail("Silencio", "silent@pasto.gov.co"),
            Plain(chunking ? servers.Chunking : servers.Pipelining) with { Timeouts = SmtpClientTests.Quick with { FinalReply = TimeSpan.FromSeconds(2) } }, default);

        Assert.Equal(SendFailureKind.Timeout, result.Kind);
        Assert.True(result.MayHaveBeenCounted);
        Assert.True(result.Unanswered);
    }

    /// <summary>
    /// Commands get 1 s, the final reply 3 s: silence at RCPT ends after the command's limit, with nothing counted;
    /// silence after the content waits out the final reply's longer limit and is in doubt.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_command_times_out_before_the_content_and_the_final_reply_after_it(bool chunking)
    {
        await using var transport = new SmtpMailTransport(TimeProvider.System);
        var route = Plain(chunking ? servers.Chunking : servers.Pipelining) with
        {
            Timeouts = Quick with { Command = TimeSpan.FromSeconds(1), FinalReply = TimeSpan.FromSeconds(3) },
        };

        var beforeContent = await transport.SendAsync(Mail("Silencio en RCPT", "silent-rcpt@pasto.gov.co"), route, default);
        var started = TimeProvider.System.GetTimestamp();
        var afterContent = await transport.SendAsync(Mail("Silencio tras el contenido", "silent@pasto.gov.co"), route, default);
        var waited = TimeProvider.System.GetElapsedTime(started);

        Assert.Equal(SendFailureKind.Timeout, beforeContent.Kind);
        Assert.Contains("within 1 s (a command)", beforeContent.Reply);
        Assert.False(beforeContent.MayHaveBeenCounted);
        Assert.Equal(SendFailureKind.Timeout, afterContent.Kind);
        Assert.Contains("within 3 s (the final reply after the content)", afterContent.Reply);
        Assert.True(afterContent.MayHaveBeenCounted);
        Assert.True(afterContent.Unanswered);
        Assert.True(waited >= TimeSpan.FromSeconds(3), $"the final reply was given {waited.TotalSeconds:0.0} s, not its own 3 s");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_connection_dropped_after_the_content_is_in_doubt(bool chunking)
    {
        await using var transport = new SmtpMailTransport(TimeProvider.System);

        var result = await transport.SendAsync(Mail("Cortada despues", "drop-after-content@pasto.gov.co"), Plain(chunking ? servers.Chunking : servers.Pipelining), default);

        Assert.Equal(SendStatus.TransientFailure, result.Status);
        Assert.Equal(SendFailureKind.ConnectionLost, result.Kind);
        Assert.True(result.MayHaveBeenCounted);
        Assert.True(result.Unanswered);
    }

    [Fact]
    public async Task A_connection_dropped_before_the_content_is_not_counted()
    {
        await using var transport = new SmtpMailTransport(TimeProvider.System);

        var result = await transport.SendAsync(Mail("Cortada antes", "drop-at-data@pasto.gov.co"), Plain(servers.Pipelining), default);

        Assert.Equal(SendStatus.TransientFailure, result.Status);
        Assert.Equal(SendFailureKind.ConnectionLost, result.Kind);
        Assert.False(result.MayHaveBeenCounted);
        Assert.False(result.Unanswered);
    }

    [Fact]
    public async Task A_refused_connection_is_a_session_failure()
    {
        await using var transport = new SmtpMailTransport(TimeProvider.System);

        var result = await transport.SendAsync(Mail("Sin servidor", "ana@pasto.gov.co"), Plain(servers.Pipelining) with { Port = FreePort.Find() }, default);

        Assert.Equal(SendFailureKind.Session, result.Kind);
        Assert.StartsWith("connection failed", result.Reply);
        Assert.False(result.MayHaveBeenCounted);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task When_the_server_offers_dsn_failures_and_delays_are_asked_for_with_the_request_id_as_envid(bool chunking)
    {
        await using var transport = new SmtpMailTransport(TimeProvider.System);
        var mail = Mail("Con DSN", "ana@pasto.gov.co", "luis@pasto.gov.co");

        var result = await transport.SendAsync(mail, Plain(servers.Dsn) with { UseChunking = chunking }, default);

        Assert.Equal(SendStatus.Sent, result.Status);
        var record = Record(servers.Dsn, mail);
        var mailOptions = record.GetProperty("mail_options").EnumerateArray().Select(o => o.GetString()).ToList();
        Assert.Contains($"ENVID={mail.RequestId}", mailOptions);
        Assert.Contains("RET=HDRS", mailOptions);
        Assert.All(record.GetProperty("rcpt_options").EnumerateArray(), options =>
            Assert.Contains("NOTIFY=FAILURE,DELAY", options.EnumerateArray().Select(o => o.GetString())));
    }

    [Fact]
    public async Task Without_dsn_offered_no_dsn_parameter_is_sent()
    {
        await using var transport = new SmtpMailTransport(TimeProvider.System);
        var mail = Mail("Sin DSN", "ana@pasto.gov.co");

        Assert.Equal(SendStatus.Sent, (await transport.SendAsync(mail, Plain(servers.Chunking), default)).Status);

        Assert.DoesNotContain(Record(servers.Chunking, mail).GetProperty("mail_options").EnumerateArray(), o => o.GetString()!.StartsWith("ENVID"));
    }
}
