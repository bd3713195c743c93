using System.Text;
using Queue.Contracts;
using Queue.IntegrationTests.Infrastructure;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Queue.IntegrationTests;

public class IdentityFixture : DispatcherFixture
{
    public string IntranetUser { get; } = $"app-intranet-{Guid.NewGuid():N}";

    public string SistemasUser { get; } = $"app-sistemas-{Guid.NewGuid():N}";

    public string GatewayUser { get; } = $"gateway-{Guid.NewGuid():N}";

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
    ];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var user in new[] { IntranetUser, SistemasUser, GatewayUser })
        {
            await Management.CreateUserAsync(VirtualHost, user, "secreto-de-prueba", "^Queue\\.Contracts:SendEmail$");
        }
    }

    public override async Task DisposeAsync()
    {
        await Management.DeleteUserAsync(IntranetUser);
        await Management.DeleteUserAsync(SistemasUser);
        await Management.DeleteUserAsync(GatewayUser);
        await base.DisposeAsync();
    }

    /// <summary>Publishes as an application would: its own RabbitMQ user, the user-id property as given, confirms on.</summary>
    public async Task PublishAsAsync(string user, string? userId, string exchange, SendEmail request)
    {
        var factory = new ConnectionFactory { HostName = TestServers.RabbitHost, Port = TestServers.RabbitPort, VirtualHost = VirtualHost, UserName = user, Password = "secreto-de-prueba" };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", DeliveryMode = DeliveryModes.Persistent, UserId = userId };
        var envelope = System.Text.Json.JsonSerializer.Serialize(new
        {
            messageId = Guid.NewGuid(), messageType = new[] { "urn:message:Queue.Contracts:SendEmail" }, message = request,
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
