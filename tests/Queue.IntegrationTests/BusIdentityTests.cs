using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Queue.Contracts;
using Queue.Sending.Policy;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Queue.IntegrationTests;

public class IdentityFixture : DispatcherFixture
{
    public string IntranetUser { get; } = $"app-intranet-{Guid.NewGuid():N}";

    public string SistemasUser { get; } = $"app-sistemas-{Guid.NewGuid():N}";

    public string GatewayUser { get; } = $"gateway-{Guid.NewGuid():N}";

    /// <summary>Application comunicaciones: granted Approve (ApproveEmail, DenyEmail).</summary>
    public string ApproverUser { get; } = $"app-comunicaciones-{Guid.NewGuid():N}";

    /// <summary>Application operaciones: granted Operate (PauseSending, ResumeSending).</summary>
    public string OperatorUser { get; } = $"app-operaciones-{Guid.NewGuid():N}";

    /// <summary>Every application may write the commands' exchanges: the dispatcher, not the broker, checks the power.</summary>
    const string Exchanges = "^Queue\\.Contracts:(SendEmail|ApproveEmail|DenyEmail|PauseSending|ResumeSending)$";

    internal CapturedLogs Logs { get; } = new();

    internal ApprovalStore Approvals => Services.GetRequiredService<ApprovalStore>();

    IEnumerable<string> Users => [IntranetUser, SistemasUser, GatewayUser, ApproverUser, OperatorUser];

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Applications:RequireIdentity", "true"),
        new("Applications:Registered:0:AmqpUser", IntranetUser),
        new("Applications:Registered:1:AmqpUser", $"app-secretaria-{Guid.NewGuid():N}"),
        new("Applications:Registered:2:AmqpUser", SistemasUser),
        new("Applications:Registered:3:Name", "gateway"),
        new("Applications:Registered:3:AmqpUser", GatewayUser),
        new("Applications:Registered:3:Relay", "true"),
        new("Applications:Registered:3:Senders:0", "*"),
        new("Applications:Registered:3:Powers:0", "Approve"),
        new("Applications:Registered:3:Powers:1", "Operate"),
        new("Applications:Registered:4:Name", "comunicaciones"),
        new("Applications:Registered:4:AmqpUser", ApproverUser),
        new("Applications:Registered:4:Senders:0", "intranet@pasto.gov.co"),
        new("Applications:Registered:4:Powers:0", "Approve"),
        new("Applications:Registered:5:Name", "operaciones"),
        new("Applications:Registered:5:AmqpUser", OperatorUser),
        new("Applications:Registered:5:Senders:0", "soportesistemas@pasto.gov.co"),
        new("Applications:Registered:5:Powers:0", "Operate"),
    ];

    protected override void ConfigureHost(IWebHostBuilder web) =>
        web.ConfigureLogging(logging => logging.AddProvider(Logs));

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var user in Users)
        {
            await Management.CreateUserAsync(VirtualHost, user, "secreto-de-prueba", Exchanges);
        }
    }

    public override async Task DisposeAsync()
    {
        foreach (var user in Users)
        {
            await Management.DeleteUserAsync(user);
        }

        await base.DisposeAsync();
    }

    /// <summary>Publishes as an application would: its own RabbitMQ user, the user-id property as given, confirms on.</summary>
    public Task PublishAsAsync(string user, string? userId, string exchange, SendEmail request) =>
        PublishAsAsync(user, userId, exchange, request, Guid.NewGuid());

    /// <summary>Publishes a command as <paramref name="user"/>, signed with its user-id; returns the message id.</summary>
    public async Task<Guid> CommandAsAsync<T>(string user, T command) where T : class
    {
        var messageId = Guid.NewGuid();
        await PublishAsAsync(user, user, $"Queue.Contracts:{typeof(T).Name}", command, messageId);
        return messageId;
    }

    /// <summary>Waits for the dispatcher's log line refusing message <paramref name="messageId"/>.</summary>
    public async Task<string> RefusalAsync(Guid messageId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (Logs.Lines.FirstOrDefault(l => l.Contains(messageId.ToString()) && l.Contains(" refused: ")) is { } line)
            {
                return line;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"message {messageId} was not refused");
    }

    async Task PublishAsAsync<T>(string user, string? userId, string exchange, T message, Guid messageId) where T : class
    {
        var factory = new ConnectionFactory { HostName = TestServers.RabbitHost, Port = TestServers.RabbitPort, VirtualHost = VirtualHost, UserName = user, Password = "secreto-de-prueba" };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", DeliveryMode = DeliveryModes.Persistent, UserId = userId };
        var envelope = System.Text.Json.JsonSerializer.Serialize(new
        {
            messageId, messageType = new[] { $"urn:message:Queue.Contracts:{typeof(T).Name}" }, message,
        }, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        await channel.BasicPublishAsync(exchange, "", mandatory: false, properties, Encoding.UTF8.GetBytes(envelope));
    }
}

/// <summary>On the bus, the broker-validated AMQP user-id says which application asks, and what it may send as.</summary>
public class BusIdentityTests(IdentityFixture dispatcher) : IClassFixture<IdentityFixture>
{
    [Fact]
    public async Task An_application_sends_as_its_granted_account_and_is_recorded_by_its_verified_name()
    {
        var request = DispatcherFixture.Request("Identidad verificada") with { Application = "me-hago-pasar-por-otra" };

        await dispatcher.PublishAsAsync(dispatcher.IntranetUser, dispatcher.IntranetUser, "Queue.Contracts:SendEmail", request);

        var accepted = await dispatcher.Events.WaitForAsync<EmailAccepted>(request.RequestId);
        Assert.Equal("intranet", accepted.Application);
        await dispatcher.Events.WaitForAsync<EmailSent>(request.RequestId);
    }

    [Fact]
    public async Task A_relay_speaks_for_the_registered_application_it_names_with_that_applications_grants()
    {
        var granted = DispatcherFixture.Request("Por la pasarela") with { Application = "intranet" };
        var foreign = DispatcherFixture.Request("Por la pasarela, cuenta ajena") with { Application = "sistemas" };

        await dispatcher.PublishAsAsync(dispatcher.GatewayUser, dispatcher.GatewayUser, "Queue.Contracts:SendEmail", granted);
        await dispatcher.PublishAsAsync(dispatcher.GatewayUser, dispatcher.GatewayUser, "Queue.Contracts:SendEmail", foreign);

        Assert.Equal("intranet", (await dispatcher.Events.WaitForAsync<EmailAccepted>(granted.RequestId)).Application);
        var rejected = await dispatcher.Events.WaitForAsync<EmailRejected>(foreign.RequestId);
        Assert.Equal(RuleNames.IdentitySenderNotGranted, rejected.Violations[0].Rule);
        Assert.Contains("sistemas", rejected.Violations[0].Message);
    }

    [Fact]
    public async Task Only_a_relay_may_name_another_application()
    {
        var request = DispatcherFixture.Request("No soy la pasarela") with { From = "secretarias@pasto.gov.co", Application = "secretaria-general" };

        await dispatcher.PublishAsAsync(dispatcher.SistemasUser, dispatcher.SistemasUser, "Queue.Contracts:SendEmail", request);

        var rejected = await dispatcher.Events.WaitForAsync<EmailRejected>(request.RequestId);
        Assert.Equal(RuleNames.IdentitySenderNotGranted, rejected.Violations[0].Rule);
        Assert.Contains("sistemas", rejected.Violations[0].Message);
    }

    [Fact]
    public async Task An_application_cannot_send_as_an_account_it_was_not_granted()
    {
        var request = DispatcherFixture.Request("Cuenta ajena") with { From = "secretarias@pasto.gov.co" };

        await dispatcher.PublishAsAsync(dispatcher.SistemasUser, dispatcher.SistemasUser, "Queue.Contracts:SendEmail", request);

        var rejected = await dispatcher.Events.WaitForAsync<EmailRejected>(request.RequestId);
        Assert.Equal(RuleNames.IdentitySenderNotGranted, rejected.Violations[0].Rule);
        Assert.Contains("sistemas", rejected.Violations[0].Message);
        await dispatcher.WaitUntilIdleAsync();
        Assert.Empty(await dispatcher.Sink.WithSubjectAsync(request.Subject));
    }

    [Fact]
    public async Task A_request_without_a_user_id_is_refused_when_identity_is_required()
    {
        var request = DispatcherFixture.Request("Sin identidad");

        await dispatcher.PublishAsAsync(dispatcher.IntranetUser, null, "Queue.Contracts:SendEmail", request);

        var rejected = await dispatcher.Events.WaitForAsync<EmailRejected>(request.RequestId);
        Assert.Equal(RuleNames.IdentityUnknown, rejected.Violations[0].Rule);
    }

    [Fact]
    public async Task The_broker_refuses_a_user_id_that_is_not_the_connections_user()
    {
        var request = DispatcherFixture.Request("Suplantación");

        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            dispatcher.PublishAsAsync(dispatcher.SistemasUser, dispatcher.IntranetUser, "Queue.Contracts:SendEmail", request));

        Assert.True(error is OperationInterruptedException or AlreadyClosedException or PublishException, error.GetType().Name);
        await Task.Delay(500);
        Assert.DoesNotContain(dispatcher.Events.All<EmailAccepted>(), e => e.RequestId == request.RequestId);
    }

    [Fact]
    public async Task An_application_cannot_write_into_a_lane_directly()
    {
        var request = DispatcherFixture.Request("Saltarse la admisión");

        await Assert.ThrowsAnyAsync<Exception>(() =>
            dispatcher.PublishAsAsync(dispatcher.IntranetUser, dispatcher.IntranetUser, "send-email.lane.intranet_at_pasto.gov.co", request));

        await Task.Delay(500);
        Assert.Empty(await dispatcher.Sink.WithSubjectAsync(request.Subject));
    }
}

/// <summary>
/// Approving, denying, pausing and resuming on the bus: only an application granted the power may, and it is recorded
/// by its verified name, whatever the command's own By says.
/// </summary>
public class BusCommandIdentityTests(IdentityFixture dispatcher) : IClassFixture<IdentityFixture>
{
    async Task<SendEmail> HeldAsync(string subject)
    {
        var request = DispatcherFixture.Request(subject) with { From = "soportesistemas@pasto.gov.co", Category = EmailCategory.Commercial };
        await dispatcher.PublishAsAsync(dispatcher.SistemasUser, dispatcher.SistemasUser, "Queue.Contracts:SendEmail", request);
        await dispatcher.Events.WaitForAsync<EmailHeld>(request.RequestId);
        return request;
    }

    [Fact]
    public async Task An_approval_without_the_approve_power_is_refused_and_a_granted_one_is_recorded_by_its_identity()
    {
        var request = await HeldAsync("Aprobación con identidad");

        var bySender = await dispatcher.CommandAsAsync(dispatcher.SistemasUser, new ApproveEmail { RequestId = request.RequestId, By = "comunicaciones" });
        var byOperator = await dispatcher.CommandAsAsync(dispatcher.OperatorUser, new ApproveEmail { RequestId = request.RequestId, By = "comunicaciones" });

        Assert.Contains("application sistemas is not granted Approve", await dispatcher.RefusalAsync(bySender));
        Assert.Contains("application operaciones is not granted Approve", await dispatcher.RefusalAsync(byOperator));
        Assert.Equal(ApprovalState.Pending, (await dispatcher.Approvals.GetAsync(request.RequestId))!.State);

        await dispatcher.CommandAsAsync(dispatcher.ApproverUser, new ApproveEmail { RequestId = request.RequestId, By = "despacho.alcalde", Comment = "aprobado" });

        var decided = await dispatcher.Events.WaitForAsync<EmailApprovalDecided>(request.RequestId);
        Assert.Equal("comunicaciones", decided.By);
        var record = await dispatcher.Approvals.GetAsync(request.RequestId);
        Assert.Equal((ApprovalState.Approved, "comunicaciones"), (record!.State, record.DecidedBy));
        var audit = Assert.Single(await dispatcher.Approvals.AuditTrailAsync(), line => line.Contains(request.RequestId.ToString("N")) || line.Contains(request.RequestId.ToString()));
        Assert.Contains("comunicaciones", audit);
        Assert.DoesNotContain("despacho.alcalde", audit);
        await dispatcher.Events.WaitForAsync<EmailSent>(request.RequestId);
    }

    [Fact]
    public async Task A_denial_without_the_approve_power_is_refused_and_a_granted_one_names_its_identity()
    {
        var request = await HeldAsync("Denegación con identidad");

        var refused = await dispatcher.CommandAsAsync(dispatcher.SistemasUser, new DenyEmail { RequestId = request.RequestId, By = "comunicaciones", Reason = "no" });

        Assert.Contains("is not granted Approve", await dispatcher.RefusalAsync(refused));
        Assert.Equal(ApprovalState.Pending, (await dispatcher.Approvals.GetAsync(request.RequestId))!.State);

        await dispatcher.CommandAsAsync(dispatcher.ApproverUser, new DenyEmail { RequestId = request.RequestId, By = "despacho.alcalde", Reason = "publicidad no autorizada" });

        var rejected = await dispatcher.Events.WaitForAsync<EmailRejected>(request.RequestId);
        Assert.Equal("denied by comunicaciones: publicidad no autorizada", Assert.Single(rejected.Violations).Message);
    }

    [Fact]
    public async Task A_pause_and_a_resume_without_the_operate_power_are_refused_and_granted_ones_are_recorded_by_their_identity()
    {
        const string account = "secretarias@pasto.gov.co";
        var pauseByApprover = await dispatcher.CommandAsAsync(dispatcher.ApproverUser, new PauseSending { Account = account, Reason = "sin permiso", By = "operaciones" });
        var pauseBySender = await dispatcher.CommandAsAsync(dispatcher.IntranetUser, new PauseSending { Account = account, Reason = "sin permiso", By = "operaciones" });

        Assert.Contains("application comunicaciones is not granted Operate", await dispatcher.RefusalAsync(pauseByApprover));
        Assert.Contains("application intranet is not granted Operate", await dispatcher.RefusalAsync(pauseBySender));
        Assert.DoesNotContain(dispatcher.Events.All<SendingHoldsChanged>(), e => e.Scope == account);

        await dispatcher.CommandAsAsync(dispatcher.OperatorUser, new PauseSending { Account = account, Reason = "mantenimiento", By = "alguien.mas" });
        var paused = await dispatcher.Events.WaitForAsync<SendingHoldsChanged>(e => e.Scope == account && e.Held);
        Assert.Equal("operaciones", paused.By);

        var resumeBySender = await dispatcher.CommandAsAsync(dispatcher.SistemasUser, new ResumeSending { Account = account, By = "operaciones" });
        Assert.Contains("application sistemas is not granted Operate", await dispatcher.RefusalAsync(resumeBySender));
        Assert.DoesNotContain(dispatcher.Events.All<SendingHoldsChanged>(), e => e.Scope == account && !e.Held);

        await dispatcher.CommandAsAsync(dispatcher.OperatorUser, new ResumeSending { Account = account, By = "alguien.mas" });
        var resumed = await dispatcher.Events.WaitForAsync<SendingHoldsChanged>(e => e.Scope == account && !e.Held);
        Assert.Equal("operaciones", resumed.By);
    }

    [Fact]
    public async Task A_command_from_a_broker_user_no_application_is_mapped_to_is_refused()
    {
        var request = await HeldAsync("Orden sin aplicación");

        // The dispatcher's own bus connects as guest, which signs its user-id but is no registered application.
        await dispatcher.Bus.Publish(new ApproveEmail { RequestId = request.RequestId, By = "comunicaciones" });

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!dispatcher.Logs.Lines.Any(l => l.Contains("ApproveEmail") && l.Contains("RabbitMQ user guest is not a registered application")))
        {
            Assert.True(DateTime.UtcNow < deadline, "the approval from guest was not refused: " + string.Join("\n", dispatcher.Logs.Lines.Where(l => l.Contains("refused"))));
            await Task.Delay(50);
        }

        Assert.Equal(ApprovalState.Pending, (await dispatcher.Approvals.GetAsync(request.RequestId))!.State);
    }
}
