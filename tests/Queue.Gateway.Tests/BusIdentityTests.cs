using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Queue.Contracts;
using Queue.Gateway.Tests.Infrastructure;
using Queue.Sending.Policy;

namespace Queue.Gateway.Tests;

/// <summary>
/// Where the dispatcher requires a verified AMQP identity, the gateway's RabbitMQ user (guest here) is the relay
/// "gateway" of the shipped settings: granted every account, Approve and Operate, because it checks each key's
/// grants and scopes itself, and it speaks for the application each key names.
/// </summary>
public class BusIdentityFixture : GatewayFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Applications:RequireIdentity", "true"),
        new("Applications:Registered:3:AmqpUser", "guest"),
    ];
}

public class BusIdentityTests(BusIdentityFixture queue) : IClassFixture<BusIdentityFixture>
{
    [Fact]
    public async Task The_gateway_signs_its_publishes_with_its_broker_user_so_a_dispatcher_requiring_identity_sends_them_as_the_keys_application()
    {
        var request = Requests.Valid("Identidad verificada");

        using var response = await Requests.PostAsync(queue.Intranet, request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await queue.WaitForStateAsync(Requests.Id(request), "sent");
        var accepted = await queue.Events.WaitForAsync<EmailAccepted>(Requests.Id(request));
        Assert.Equal("intranet", accepted.Application);
    }

    [Fact]
    public async Task Control_commands_relayed_by_the_gateway_are_obeyed_and_recorded_as_the_person_and_key_it_authenticated()
    {
        const string account = "secretarias@pasto.gov.co";

        using var pause = await queue.Operator.PostAsJsonAsync("/v1/pause", new { account, reason = "cambio de contraseña SMTP", by = "andrea" });

        Assert.Equal(HttpStatusCode.Accepted, pause.StatusCode);
        var paused = await queue.Events.WaitForAsync<SendingHoldsChanged>(e => e.Scope == account && e.Held);
        Assert.StartsWith("andrea via ops (key ", paused.By);

        using var resume = await queue.Operator.PostAsJsonAsync("/v1/resume", new { account, by = "andrea" });
        Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        await queue.Events.WaitForAsync<SendingHoldsChanged>(e => e.Scope == account && !e.Held);
    }

    [Fact]
    public async Task An_approval_relayed_by_the_gateway_is_obeyed()
    {
        var request = Requests.Valid("Comercial por la pasarela", from: "soportesistemas@pasto.gov.co");
        request["category"] = "Commercial";
        using (var posted = await Requests.PostAsync(queue.Sistemas, request))
        {
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        await queue.Events.WaitForAsync<EmailHeld>(Requests.Id(request));
        using var approve = await queue.Approver.PostAsJsonAsync($"/v1/approvals/{Requests.Id(request)}/approve", new { comment = "ok", by = "yanet" });

        Assert.Equal(HttpStatusCode.Accepted, approve.StatusCode);
        var decided = await queue.Events.WaitForAsync<EmailApprovalDecided>(Requests.Id(request));
        Assert.StartsWith("yanet via comunicaciones (key ", decided.By);
        var record = await queue.Services.GetRequiredService<ApprovalStore>().GetAsync(Requests.Id(request));
        Assert.Equal(ApprovalState.Approved, record!.State);
    }
}
