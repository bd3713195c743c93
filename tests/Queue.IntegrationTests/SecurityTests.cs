using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Queue.Contracts;
using Queue.IntegrationTests.Infrastructure;
using Queue.Sending.Accounts;

namespace Queue.IntegrationTests;

public class SecretsFixture : DispatcherFixture
{
    public const string SmtpPassword = "S3cr3t-smtp-password-7f3a";
    public const string AccountPassword = "S3cr3t-account-password-91c2";
    public const string UnsubscribeSecret = "S3cr3t-unsubscribe-key-5d1e";

    internal CapturedLogs Logs { get; } = new();

    internal FaultSmtpServer TlsSmtp { get; } = new(tls: true);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Mail:Smtp:UserName", "relay-user"),
        new("Mail:Smtp:Password", SmtpPassword),
        new("Mail:Senders:1:SmtpUserName", "secretarias@pasto.gov.co"),
        new("Mail:Senders:1:SmtpPassword", AccountPassword),
        new("Mail:Senders:2:Smtp:Host", "127.0.0.1"),
        new("Mail:Senders:2:Smtp:Port", TlsSmtp.Port.ToString()),
        new("Mail:Senders:2:Smtp:Security", "StartTls"),
        new("Mail:Senders:2:Smtp:ConnectTimeoutSeconds", "5"),
        new("Mail:Senders:2:Smtp:CommandTimeoutSeconds", "5"),
        new("Mail:Senders:2:Smtp:FinalReplyTimeoutSeconds", "5"),
        new("Policy:Unsubscribe:Secret", UnsubscribeSecret),
        new("Dispatcher:MaxAttempts", "1"),

        // Both tests send from the account whose server fails TLS: the default 30 s session hold left by the one that
        // runs first would outlast the other's wait for its own refusal.
        new("Dispatcher:SessionHold:Initial", "00:00:01"),
        new("Dispatcher:SessionHold:Max", "00:00:02"),
    ];

    protected override void ConfigureHost(IWebHostBuilder web) =>
        web.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));

    public override async Task InitializeAsync()
    {
        await TlsSmtp.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        TlsSmtp.Dispose();
    }
}

/// <summary>Secrets never reach logs or events; STARTTLS certificates are checked, not ignored.</summary>
public class SecurityTests(SecretsFixture dispatcher) : IClassFixture<SecretsFixture>
{
    static readonly string[] Secrets = [SecretsFixture.SmtpPassword, SecretsFixture.AccountPassword, SecretsFixture.UnsubscribeSecret];

    [Fact]
    public async Task A_server_whose_certificate_cannot_be_verified_gets_nothing()
    {
        var request = DispatcherFixture.Request("Certificado no válido") with { From = "soportesistemas@pasto.gov.co" };

        await dispatcher.PublishAsync(request);

        // A TLS failure is one of the session: the request is kept and the account's lane held, nothing is sent.
        var deferred = await dispatcher.Events.WaitForAsync<EmailDeferred>(e => e.RequestId == request.RequestId && e.Rule == RuleNames.SmtpSession);
        Assert.Contains("certificate", deferred.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(dispatcher.Events.All<EmailFailed>(), e => e.RequestId == request.RequestId);
        Assert.Empty(dispatcher.TlsSmtp.Accepted());
    }

    [Fact]
    public async Task Secrets_appear_in_no_log_line_and_no_event_whatever_happens()
    {
        var requests = new[]
        {
            DispatcherFixture.Request("Secreto 1"),
            DispatcherFixture.Request("Secreto 2") with { From = "secretarias@pasto.gov.co" },
            DispatcherFixture.Request("Secreto 3") with { From = "soportesistemas@pasto.gov.co" },
            DispatcherFixture.Request("Secreto 4") with { Category = EmailCategory.Mass, To = ["a@pasto.gov.co", "b@pasto.gov.co"] },
            DispatcherFixture.Request("Secreto 5") with { To = ["mal"] },
        };
        foreach (var request in requests)
        {
            await dispatcher.PublishAsync(request);
        }

        await dispatcher.Events.WaitForAsync<EmailSent>(requests[0].RequestId);
        await dispatcher.Events.WaitForAsync<EmailSent>(requests[1].RequestId);
        await dispatcher.Events.WaitForAsync<EmailDeferred>(e => e.RequestId == requests[2].RequestId && e.Rule == RuleNames.SmtpSession);
        await dispatcher.Events.WaitForAsync<EmailRejected>(requests[4].RequestId);
        await dispatcher.WaitUntilIdleAsync();

        var routes = dispatcher.Services.GetRequiredService<SenderDirectory>().All.Select(a => a.Route.ToString());
        var events = dispatcher.Events.All<EmailSent>().Select(e => e.ToString())
            .Concat(dispatcher.Events.All<EmailFailed>().Select(e => e.ToString()))
            .Concat(dispatcher.Events.All<EmailRejected>().Select(e => e.ToString()))
            .Concat(dispatcher.Events.All<EmailDeferred>().Select(e => e.ToString()));
        var everything = string.Join("\n", dispatcher.Logs.Lines.Concat(events).Concat(routes));
        Assert.NotEmpty(dispatcher.Logs.Lines);
        Assert.All(Secrets, secret => Assert.DoesNotContain(secret, everything));
        Assert.Contains(routes, r => r.Contains("as relay-user"));

        // Structured logs carry the request id in their scope.
        Assert.Contains(dispatcher.Logs.Lines, line => line.Contains($"RequestId={requests[0].RequestId}") && line.Contains("Sent as"));
    }
}
