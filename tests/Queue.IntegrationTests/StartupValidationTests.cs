using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Queue.IntegrationTests;

/// <summary>A wrong setting stops the dispatcher at start with the setting's full path in the message.</summary>
public class StartupValidationTests
{
    [Theory]
    [InlineData("Mail:Smtp:Host", "", "Mail:Smtp:Host")]
    [InlineData("Mail:Senders:0:Address", "not-an-address", "Mail:Senders:0:Address")]
    [InlineData("Quotas:Account:0:Window", "00:00:00", "Quotas:Account:0:Window")]
    [InlineData("Redis:KeyPrefix", "bad prefix!", "Redis:KeyPrefix")]
    [InlineData("Dispatcher:ConcurrentMessageLimit", "0", "Dispatcher:ConcurrentMessageLimit")]
    [InlineData("Mail:Senders:0:Address", "comunicaciones.pasto@gmail.com", "Mail:Senders:0:Address")]
    [InlineData("Policy:CommunicationsOffice:0", "prensa@pasto.gov.co", "Policy:CommunicationsOffice:0")]
    [InlineData("Policy:Unsubscribe:Url", "http://correo.pasto.gov.co/baja", "Policy:Unsubscribe:Url")]
    public void A_bad_setting_fails_the_start_and_is_named(string key, string value, string named)
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
            web.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection([new(key, value)])));

        var error = Assert.Throws<OptionsValidationException>(() => factory.Services);
        Assert.Contains($"setting '{named}' is invalid", error.Message);
    }
}
