using System.Net;
using Queue.Contracts;
using Queue.Gateway.Tests.Infrastructure;

namespace Queue.Gateway.Tests;

/// <summary>
/// Where the dispatcher requires a verified AMQP identity, the gateway is registered as an application of its own
/// RabbitMQ user, granted every account ("*"), because it checks each key's grants itself.
/// </summary>
public class BusIdentityFixture : GatewayFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Applications:RequireIdentity", "true"),
        new("Applications:Registered:3:Name", "gateway"),
        new("Applications:Registered:3:AmqpUser", "guest"),
        new("Applications:Registered:3:Senders:0", "*"),
    ];
}

public class BusIdentityTests(BusIdentityFixture queue) : IClassFixture<BusIdentityFixture>
{
    [Fact]
    public async Task The_gateway_signs_its_publishes_with_its_broker_user_so_a_dispatcher_requiring_identity_sends_them()
    {
        var request = Requests.Valid("Identidad verificada");

        using var response = await Requests.PostAsync(queue.Intranet, request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await queue.WaitForStateAsync(Requests.Id(request), "sent");
        var accepted = await queue.Events.WaitForAsync<EmailAccepted>(Requests.Id(request));
        Assert.Equal("gateway", accepted.Application);
    }
}
