using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Queue.Gateway.Tests;

/// <summary>A wrong setting stops the gateway at start with the setting's full path in the message.</summary>
public class StartupValidationTests
{
    [Theory]
    [InlineData("Gateway:RateLimit:PermitLimit", "0")]
    [InlineData("Gateway:RateLimit:Window", "00:00:00")]
    [InlineData("Gateway:DeduplicationWindow", "00:00:01")]
    [InlineData("Gateway:StatusRetention", "00:00:10")]
    [InlineData("Gateway:EventsQueue", "gateway events")]
    [InlineData("Policy:Unsubscribe:Url", "http://correo.pasto.gov.co/v1/unsubscribe")]
    public void A_bad_setting_fails_the_start_and_is_named(string key, string value)
    {
        using var factory = new WebApplicationFactory<GatewayOptions>().WithWebHostBuilder(web =>
            web.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(TestServers.OwnPlace()).AddInMemoryCollection([new(key, value)])));

        var error = Assert.Throws<OptionsValidationException>(() => factory.Services);
        Assert.Contains($"setting '{key}' is invalid", error.Message);
    }

    [Theory]
    [InlineData("Applications:RequireIdentity", "false")]
    [InlineData("Policy:Unsubscribe:Secret", "development-only-secret-change-me")]
    public void Outside_development_a_weak_setting_fails_the_start_and_is_named(string key, string value)
    {
        var settings = new Dictionary<string, string?> { ["Policy:Unsubscribe:Secret"] = "a7c9F2kQ0xLw3Rt8Vb1Nz6Yp4Hs5Jd2Ge9Um0Ci7Oa3=", [key] = value };
        using var factory = new WebApplicationFactory<GatewayOptions>().WithWebHostBuilder(web => web
            .UseEnvironment("Production")
            .ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(settings)));

        var error = Assert.Throws<OptionsValidationException>(() => factory.Services);
        Assert.Contains($"setting '{key}' is invalid outside Development", error.Message);
    }
}
