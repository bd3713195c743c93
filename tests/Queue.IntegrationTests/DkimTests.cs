using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Queue.IntegrationTests.Infrastructure;
using Queue.Sending.Accounts;
using Queue.Sending.Composition;
using Queue.Sending.Transport;
using static Queue.IntegrationTests.SmtpClientTests;

namespace Queue.IntegrationTests;

public sealed class DkimFixture : IAsyncLifetime
{
    public const string Selector = "queue2026";

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("queue-dkim-").FullName;

    internal FaultSmtpServer Smtp { get; private set; } = null!;

    public string PrivateKeyPath => Path.Combine(Directory, "dkim.key");

    public string PublicKeyPath => Path.Combine(Directory, "dkim.pub");

    public string Messages => Path.Combine(Directory, "messages");

    public async Task InitializeAsync()
    {
        using var key = RSA.Create(2048);
        await File.WriteAllTextAsync(PrivateKeyPath, key.ExportRSAPrivateKeyPem());
        await File.WriteAllTextAsync(PublicKeyPath, key.ExportSubjectPublicKeyInfoPem());
        System.IO.Directory.CreateDirectory(Messages);
        Smtp = new FaultSmtpServer(options: $"--pipelining --chunking --save-dir \"{Messages}\"");
        await Smtp.StartAsync();
    }

    public Task DisposeAsync()
    {
        Smtp.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>DKIM signatures made with MimeKit, verified on what the server received by dkimpy (python3-dkim), DNS-less.</summary>
public class DkimTests(DkimFixture dkim) : IClassFixture<DkimFixture>
{
    DkimSigning Signing() => new([new DkimOptions { Domain = "pasto.gov.co", Selector = DkimFixture.Selector, PrivateKeyPath = dkim.PrivateKeyPath }]);

    /// <summary>What dkimpy says of a received message: "pass" or "fail".</summary>
    async Task<string> VerifyAsync(byte[] message)
    {
        var path = Path.Combine(dkim.Directory, $"{Guid.NewGuid():N}.eml");
        await File.WriteAllBytesAsync(path, message);
        var script = Path.Combine(RawEnvelopes.RepositoryRoot(), "tests", "smtp-fault-server", "dkim_verify.py");
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/python3", $"\"{script}\" \"{path}\" {DkimFixture.Selector} pasto.gov.co \"{dkim.PublicKeyPath}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(output.Trim() is "pass" or "fail", $"dkim_verify.py: {output} {error}");
        return output.Trim();
    }

    byte[] Received(OutgoingMail mail) =>
        File.ReadAllBytes(Path.Combine(dkim.Messages, Record(dkim.Smtp, mail).GetProperty("sha256").GetString() + ".eml"));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_signature_of_what_arrives_verifies_independently_and_a_changed_subject_does_not(bool chunking)
    {
        await using var transport = new SmtpMailTransport(TimeProvider.System, new Sending.Transport.OAuth.OAuthTokenSources(TimeProvider.System), Signing());
        var mail = Mail($"Firmado DKIM {chunking}", "ana@pasto.gov.co") with
        {
            HtmlBody = "<p>Resolución ñ</p>\r\n.\r\n<p>" + new string('x', 900) + "</p>",
            Headers = [new("X-Queue-Request-Id", Guid.NewGuid().ToString())],
        };

        var result = await transport.SendAsync(mail, Plain(dkim.Smtp) with { UseChunking = chunking }, default);

        Assert.True(result.Status == SendStatus.Sent, result.Reply);
        var received = Received(mail);
        Assert.Contains("DKIM-Signature:", Encoding.ASCII.GetString(received));
        Assert.Equal("pass", await VerifyAsync(received));
        var tampered = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(received).Replace("Subject: ", "Subject: Re: "));
        Assert.Equal("fail", await VerifyAsync(tampered));
    }

    [Fact]
    public async Task A_domain_without_a_key_is_sent_unsigned()
    {
        await using var transport = new SmtpMailTransport(TimeProvider.System, new Sending.Transport.OAuth.OAuthTokenSources(TimeProvider.System), Signing());
        var mail = Mail("Sin DKIM", "ana@pasto.gov.co") with { From = new Sending.Validation.Mailbox("intranet@otra.gov.co", null) };

        Assert.Equal(SendStatus.Sent, (await transport.SendAsync(mail, Plain(dkim.Smtp), default)).Status);

        Assert.DoesNotContain("DKIM-Signature:", Encoding.ASCII.GetString(Received(mail)));
    }
}
