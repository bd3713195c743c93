using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Queue.IntegrationTests.Infrastructure;
using Queue.Sending.Accounts;
using Queue.Sending.Composition;
using Queue.Sending.Transport;
using MimeKit;
using Queue.Sending.Validation;

namespace Queue.IntegrationTests;

public sealed class SmtpServersFixture : IAsyncLifetime
{
    public const string User = "relay-user";
    public const string Password = "S3cr3t-relay-7c1d";

    internal TestCertificates Certificates { get; } = new();

    internal FaultSmtpServer Pipelining { get; } = new(options: "--pipelining");

    internal FaultSmtpServer LockStep { get; } = new();

    internal FaultSmtpServer Chunking { get; } = new(options: "--pipelining --chunking");

    internal FaultSmtpServer Dsn { get; } = new(options: "--pipelining --chunking --dsn");

    internal FaultSmtpServer TlsPlain { get; private set; } = null!;

    internal FaultSmtpServer TlsLogin { get; private set; } = null!;

    internal FaultSmtpServer ImplicitTls { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var tls = $"--cert \"{Certificates.ServerCertificatePath}\" --key \"{Certificates.ServerKeyPath}\" --pipelining --auth {User}:{Password}";
        TlsPlain = new FaultSmtpServer(options: tls);
        TlsLogin = new FaultSmtpServer(options: tls + " --auth-mechanisms LOGIN");
        ImplicitTls = new FaultSmtpServer(options: $"--cert \"{Certificates.ServerCertificatePath}\" --key \"{Certificates.ServerKeyPath}\" --implicit-tls --pipelining");
        await Task.WhenAll(Pipelining.StartAsync(), LockStep.StartAsync(), Chunking.StartAsync(), Dsn.StartAsync(), TlsPlain.StartAsync(), TlsLogin.StartAsync(), ImplicitTls.StartAsync());
    }

    public Task DisposeAsync()
    {
        foreach (var server in new[] { Pipelining, LockStep, Chunking, Dsn, TlsPlain, TlsLogin, ImplicitTls })
        {
            server.Dispose();
        }

        Certificates.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>Queue's SMTP client against real servers: maildev, and aiosmtpd with STARTTLS, AUTH and faults.</summary>
public class SmtpClientTests(SmtpServersFixture servers) : IClassFixture<SmtpServersFixture>
{
    internal static OutgoingMail Mail(string subject, params string[] to) => new()
    {
        RequestId = Guid.NewGuid(),
        From = new Mailbox("intranet@pasto.gov.co", "Comunicación Interna"),
        To = to.Select(a => new Mailbox(a, null)).ToList(),
        Subject = $"{subject} {Guid.NewGuid():N}",
        TextBody = "Buenos días.\r\n.\r\nUna línea con solo un punto, arriba.",
        MessageId = $"<{Guid.NewGuid():N}@pasto.gov.co>",
        Date = DateTimeOffset.UtcNow,
    };

    /// <summary>Each phase 10 s: a test that fails waits no longer.</summary>
    internal static readonly SmtpTimeouts Quick = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), 50_000, TimeSpan.FromSeconds(10));

    internal static SmtpRoute Plain(FaultSmtpServer server) => new("127.0.0.1", server.Port, SmtpSecurity.None, null, Quick, 2);

    SmtpRoute Tls(FaultSmtpServer server, string? trusted = "ca", string password = SmtpServersFixture.Password) =>
        new("127.0.0.1", server.Port, SmtpSecurity.StartTls, new SmtpCredentials(SmtpServersFixture.User, password), Quick, 2,
            trusted is null ? null : servers.Certificates.CaPath);

    internal static JsonElement Record(FaultSmtpServer server, OutgoingMail mail) =>
        Assert.Single(server.Records(), r => r.GetProperty("subject").GetString() == mail.Subject);

    static int Peer(FaultSmtpServer server, OutgoingMail mail) => Record(server, mail).GetProperty("peer").GetInt32();

    static int Chunks(FaultSmtpServer server, OutgoingMail mail) => Record(server, mail).GetProperty("bdat").GetInt32();

    /// <summary>The message as MimeKit writes it for SMTP: what a server must have received, byte for byte.</summary>
    static byte[] Mime(OutgoingMail mail)
    {
        using var stream = new MemoryStream();
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        MimeMessageBuilder.Build(mail).WriteTo(options, stream);
        return stream.ToArray();
    }

    [Fact]
    public async Task Maildev_gets_the_message_and_its_queue_reply_comes_back()
    {
        await using var transport = new SmtpMailTransport(TimeProvider.System);
        using var maildev = new Maildev();
        var mail = Mail("Directo a maildev", "ana@pasto.gov.co");

        var result = await transport.SendAsync(mail, new SmtpRoute(TestServers.SmtpHost, TestServers.SmtpPort, SmtpSecurity.None, null, Quick, 1), default);

        Assert.True(result.Status == SendStatus.Sent, result.Reply);
        Assert.Matches("^250 .*queued as \\S+", result.Reply);
        var received = Assert.Single(await maildev.WaitForAsync(m => m.Subject == mail.Subject));
        Assert.Equal("Comunicación Interna", received.FromName);
        Assert.Contains("\n.\n", received.Text!.Replace("\r\n", "\n"));
    }

    [Fact]
    public async Task Pipelining_is_used_when_offered_and_one_connection_carries_every_message()
    {
        await using var transport = new SmtpMailTransport(TimeProvider.System);
        var mails = Enumerable.Range(0, 3).Select(i => Mail($"Encadenado {i}", "ana@pasto.gov.co", "luis@pasto.gov.co")).ToList();

        foreach (var mail in mails)
        {
            var result = await transport.SendAsync(mail, Plain(servers.Pipelining), default);
            Assert.Equal(SendStatus.Sent, result.Status);
            Assert.Equal("250 2.0.0 OK accepted", result.Reply);
        }

        Assert.All(mails, m => Assert.True(Record(servers.Pipelining, m).GetProperty("pipelined").GetBoolean()));
        Assert.All(mails, m => Assert.Equal(0, Chunks(servers.Pipelining, m)));
        Assert.Single(mails.Select(m => Peer(servers.Pipelining, m)).Distinct());
    }

    [Fact]
    public async Task With_chunking_the_envelope_is_pipelined_bdat_carries_the_content_and_it_arrives_byte_identical()
    {
        await using var transport = new SmtpMailTransport(TimeProvider.System);
        var mails = Enumerable.Range(0, 3)
            .Select(i => Mail($"Por trozos {i}", "ana@pasto.gov.co", "luis@pasto.gov.co") with { TextBody = ".Un punto al inicio.\r\n..Dos puntos.\r\n.\r\nFin." })
            .ToList();

        foreach (var mail in mails)
        {
            var result = await transport.SendAsync(mail, Plain(servers.Chunking), default);
            Assert.Equal(SendStatus.Sent, result.Status);
            Assert.Equal("250 2.0.0 OK accepted", result.Reply);
        }

        // Lines DATA would have had to stuff are in what was sent, and arrived unchanged without stuffing.
        Assert.Contains("\r\n..Dos puntos.\r\n.\r\n", Encoding.UTF8.GetString(Mime(mails[0])));
        Assert.All(mails, m =>
        {
            var record = Record(servers.Chunking, m);
            Assert.Equal(1, record.GetProperty("bdat").GetInt32());
            Assert.True(record.GetProperty("pipelined").GetBoolean());
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Mime(m))), record.GetProperty("sha256").GetString());
        });
        Assert.Single(mails.Select(m => Peer(servers.Chunking, m)).Distinct());
    }

    [Fact]
    public async Task A_route_that_prefers_data_keeps_it_although_chunking_is_offered()
    {
        await using var transport = new SmtpMailTransport(TimeProvider.System);
        var mail = Mail("Con DATA", "ana@pasto.gov.co");

        var result = await transport.SendAsync(mail, Plain(servers.Chunking) with { UseChunking = false }, default);

        Assert.Equal(SendStatus.Sent, result.Status);
        Assert.Equal(0, Chunks(servers.Chunking, mail));
        Assert.True(Record(servers.Chunking, mail).GetProperty("pipelined").GetBoolean());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Mime(mail))), Record(servers.Chunking, mail).GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task With_chunking_refused_recipients_are_reported_and_a_refused_transaction_keeps_the_connection()
    {
        await using var transport = new SmtpMailTransport(TimeProvider.System);
        var partly = Mail("Trozos, uno rechazado", "ana@pasto.gov.co", "unknown@pasto.gov.co", "busy@pasto.gov.co", "luis@pasto.gov.co");
        var after = Mail("Trozos, despues del rechazo", "ana@pasto.gov.co");

        var sent = await transport.SendAsync(partly, Plain(servers.Chunking), default);
        var refused = await transport.SendAsync(Mail("Trozos, todos rechazados", "unknown@pasto.gov.co", "busy@pasto.gov.co"), Plain(servers.Chunking), default);
        var next = await transport.SendAsync(after, Plain(servers.Chunking), default);

        Assert.Equal(SendStatus.Sent, sent.Status);
        Assert.Equal(["unknown@pasto.gov.co: 550 5.1.1", "busy@pasto.gov.co: 451 4.3.0"], sent.Refused.Select(r => $"{r.Address}: {r.SmtpReply[..9]}"));
        Assert.Equal(["ana@pasto.gov.co", "luis@pasto.gov.co"], Record(servers.Chunking, partly).GetProperty("rcpt").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(1, Chunks(servers.Chunking, partly));

        // Every recipient refused: no BDAT followed, nothing was taken.
        Assert.Equal(SendStatus.TransientFailure, refused.Status);
        Assert.Equal(SendFailureKind.AllRecipients, refused.Kind);
        Assert.Equal(["unknown@pasto.gov.co", "busy@pasto.gov.co"], refused.Refused.Select(r => r.Address));
        Assert.False(refused.MayHaveBeenCounted);
        Assert.Equal(SendStatus.Sent, next.Status);
        Assert.Equal(Peer(servers.Chunking, partly), Peer(servers.Chunking, after));
    }

    [Theory]
    [InlineData("tempfail-data@pasto.gov.co", "451 4.4.0")]
    [InlineData("silent@pasto.gov.co", "within 2 s")]
    public async Task With_chunking_a_bdat_refused_or_unanswered_after_the_content_may_have_been_counted(string recipient, string reply)
    {
        await using var transport = new SmtpMailTransport(TimeProvider.System);

        var result = await transport.SendAsync(Mail($"Trozos, {recipient}", recipient),
            Plain(servers.Chunking) with { Timeouts = Quick with { FinalReply = TimeSpan.FromSeconds(2) } }, default);

        Assert.Equal(SendStatus.TransientFailure, result.Status);
        Assert.Contains(reply, result.Reply);
        Assert.True(result.MayHaveBeenCounted);
    }

    [Fact]
    public async Task Without_pipelining_commands_go_one_at_a_time()
    {
        await using var transport = new SmtpMailTransport(TimeProvider.System);
        var mail = Mail("Paso a paso", "ana@pasto.gov.co", "luis@pasto.gov.co");

        var result = await transport.SendAsync(mail, Plain(servers.LockStep), default);

        Assert.Equal(SendStatus.Sent, result.Status);
        Assert.False(Record(servers.LockStep, mail).GetProperty("pipelined").GetBoolean());
    }

    [Theory]
    [InlineData(false, "PLAIN")]
    [InlineData(true, "LOGIN")]
    public async Task Starttls_with_a_trusted_ca_then_auth(bool loginOnly, string mechanism)
    {
        var server = loginOnly ? servers.TlsLogin : servers.TlsPlain;
        await using var transport = new SmtpMailTransport(TimeProvider.System);
        var mail = Mail($"Con TLS y AUTH {mechanism}", "ana@pasto.gov.co");

        var result = await transport.SendAsync(mail, Tls(server), default);

        Assert.Equal(SendStatus.Sent, result.Status);
        Assert.Equal(mechanism, Record(server, mail).GetProperty("auth").GetString());
    }

    [Fact]
    public async Task A_certificate_from_a_ca_not_trusted_gets_nothing_not_even_the_password()
    {
        await using var transport = new SmtpMailTransport(TimeProvider.System);
        var mail = Mail("CA no confiable", "ana@pasto.gov.co");

        var result = await transport.SendAsync(mail, Tls(servers.TlsPlain, trusted: null), default);

        Assert.Equal(SendStatus.TransientFailure, result.Status);
        Assert.Equal(SendFailureKind.Session, result.Kind);
        Assert.Contains("certificate could not be verified", result.Reply);
        Assert.False(result.MayHaveBeenCounted);
        Assert.DoesNotContain(servers.TlsPlain.Records(), r => r.GetProperty("subject").GetString() == mail.Subject);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Implicit_tls_as_on_port_465_checks_the_certificate_as_strictly(bool trusted)
    {
        await using var transport = new SmtpMailTransport(TimeProvider.System);
        var mail = Mail($"TLS implicito {trusted}", "ana@pasto.gov.co");
        var route = new SmtpRoute("127.0.0.1", servers.ImplicitTls.Port, SmtpSecurity.ImplicitTls, null, Quick, 1,
            trusted ? servers.Certificates.CaPath : null);

        var result = await transport.SendAsync(mail, route, default);

        if (trusted)
        {
            Assert.True(result.Status == SendStatus.Sent, result.Reply);
            Assert.Single(servers.ImplicitTls.Records(), r => r.GetProperty("subject").GetString() == mail.Subject);
        }
        else
        {
            Assert.Equal(SendFailureKind.Session, result.Kind);
            Assert.Contains("certificate could not be verified", result.Reply);
            Assert.False(result.MayHaveBeenCounted);
        }
    }

    [Fact]
    public async Task A_wrong_password_fails_for_good_and_nothing_is_counted()
    {
        await using var transport = new SmtpMailTransport(TimeProvider.System);

        var result = await transport.SendAsync(Mail("Clave errada", "ana@pasto.gov.co"), Tls(servers.TlsPlain, password: "wrong"), default);

        Assert.True(result.Status == SendStatus.PermanentFailure, result.Reply);
        Assert.Contains("535", result.Reply);
        Assert.Equal(SendFailureKind.Session, result.Kind);
        Assert.DoesNotContain("wrong", result.Reply);
        Assert.False(result.MayHaveBeenCounted);
    }

    [Fact]
    public async Task A_refused_recipient_is_reported_and_the_others_receive_the_message()
    {
        await using var transport = new SmtpMailTransport(TimeProvider.System);
        var mail = Mail("Uno rechazado", "ana@pasto.gov.co", "unknown@pasto.gov.co", "busy@pasto.gov.co", "luis@pasto.gov.co");

        var result = await transport.SendAsync(mail, Plain(servers.Pipelining), default);

        Assert.Equal(SendStatus.Sent, result.Status);
        Assert.Equal(["unknown@pasto.gov.co: 550 5.1.1", "busy@pasto.gov.co: 451 4.3.0"],
            result.Refused.Select(r => $"{r.Address}: {r.SmtpReply[..9]}"));
        Assert.Equal(["ana@pasto.gov.co", "luis@pasto.gov.co"], Record(servers.Pipelining, mail).GetProperty("rcpt").EnumerateArray().Select(r => r.GetString()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_421_mid_session_is_transient_and_the_next_send_opens_a_new_connection(bool chunking)
    {
        var server = chunking ? servers.Chunking : servers.Pipelining;
        await using var transport = new SmtpMailTransport(TimeProvider.System);
        var before = Mail("Antes del cierre", "ana@pasto.gov.co");
        var after = Mail("Despues del cierre", "ana@pasto.gov.co");

        Assert.Equal(SendStatus.Sent, (await transport.SendAsync(before, Plain(server), default)).Status);
        var closed = await transport.SendAsync(Mail("Cierre", "ana@pasto.gov.co", "closing@pasto.gov.co"), Plain(server), default);
        var next = await transport.SendAsync(after, Plain(server), default);

        Assert.Equal(SendStatus.TransientFailure, closed.Status);
        Assert.StartsWith("421 4.3.2", closed.Reply);
        Assert.False(closed.MayHaveBeenCounted);
        Assert.Equal(SendStatus.Sent, next.Status);
        Assert.NotEqual(Peer(server, before), Peer(server, after));
    }

    [Theory]
    [InlineData("hangup-after@pasto.gov.co", "intranet@pasto.gov.co", false)]
    [InlineData("ana@pasto.gov.co", "idle-421@pasto.gov.co", false)]
    [InlineData("hangup-after@pasto.gov.co", "intranet@pasto.gov.co", true)]
    [InlineData("ana@pasto.gov.co", "idle-421@pasto.gov.co", true)]
    public async Task A_reused_connection_the_server_has_closed_is_replaced_once_and_the_message_sent(string firstRecipient, string from, bool chunking)
    {
        var server = chunking ? servers.Chunking : servers.Pipelining;
        await using var transport = new SmtpMailTransport(TimeProvider.System);
        var first = Mail("Primero", firstRecipient) with { From = new Mailbox(from, null) };
        var second = Mail("Segundo", "ana@pasto.gov.co") with { From = new Mailbox(from, null) };

        Assert.Equal(SendStatus.Sent, (await transport.SendAsync(first, Plain(server), default)).Status);
        var result = await transport.SendAsync(second, Plain(server), default);

        Assert.Equal(SendStatus.Sent, result.Status);
        Assert.NotEqual(Peer(server, first), Peer(server, second));
        Assert.Equal(chunking ? 1 : 0, Chunks(server, second));
    }

    [Fact]
    public async Task A_connection_idle_longer_than_the_limit_is_not_reused()
    {
        var clock = new FakeTimeProvider();
        await using var transport = new SmtpMailTransport(clock);
        var mails = Enumerable.Range(0, 3).Select(i => Mail($"Inactiva {i}", "ana@pasto.gov.co")).ToList();

        await transport.SendAsync(mails[0], Plain(servers.Pipelining), default);
        await transport.SendAsync(mails[1], Plain(servers.Pipelining), default);
        clock.Advance(SmtpMailTransport.IdleLimit + TimeSpan.FromSeconds(1));
        await transport.SendAsync(mails[2], Plain(servers.Pipelining), default);

        var peers = mails.Select(m => Peer(servers.Pipelining, m)).ToList();
        Assert.Equal(peers[0], peers[1]);
        Assert.NotEqual(peers[1], peers[2]);
    }
}
