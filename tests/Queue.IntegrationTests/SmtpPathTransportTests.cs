using Queue.Sending.Transport;
using Queue.Sending.Validation;
using static Queue.IntegrationTests.SmtpClientTests;

namespace Queue.IntegrationTests;

/// <summary>The transport applies the same SMTP path rule as validation (<see cref="SmtpPath"/>) before it connects.</summary>
public class SmtpPathTransportTests(SmtpServersFixture servers) : IClassFixture<SmtpServersFixture>
{
    [Theory]
    [InlineData("\"a b\"@example.com")]
    [InlineData("a b@example.com")]
    [InlineData("test.@example.com")]
    [InlineData("victim@example.com>\r\nRCPT TO:<attacker@evil.com")]
    public async Task An_address_the_rule_refuses_is_never_written_to_the_server(string address)
    {
        await using var transport = new SmtpMailTransport(TimeProvider.System);

        var result = await transport.SendAsync(Mail("Ruta inválida", "ana@pasto.gov.co") with { Bcc = [new Mailbox(address, null)] }, Plain(servers.Pipelining), default);

        Assert.Equal(SendStatus.PermanentFailure, result.Status);
        Assert.Equal(SendFailureKind.Message, result.Kind);
        Assert.Contains("cannot be an SMTP path", result.Reply);
        Assert.False(result.MayHaveBeenCounted);
    }
}
