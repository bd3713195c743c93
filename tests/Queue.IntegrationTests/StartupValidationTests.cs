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
            web.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(TestServers.OwnPlace()).AddInMemoryCollection([new(key, value)])));

        var error = Assert.Throws<OptionsValidationException>(() => factory.Services);
        Assert.Contains($"setting '{named}' is invalid", error.Message);
    }

    /// <summary>Safe values for everything the environment check looks at, so each case names exactly one setting.</summary>
    static readonly KeyValuePair<string, string?>[] SafeOutsideDevelopment =
    [
        new("Policy:Unsubscribe:Secret", "a7c9F2kQ0xLw3Rt8Vb1Nz6Yp4Hs5Jd2Ge9Um0Ci7Oa3="),
        new("Applications:RequireIdentity", "true"),
        new("Mail:Smtp:Host", "127.0.0.1"),
        new("Mail:Smtp:Security", "None"),
    ];

    [Theory]
    [InlineData("Applications:RequireIdentity", "false", "Applications:RequireIdentity", "set it to true")]
    [InlineData("Policy:Unsubscribe:Secret", "development-only-secret-change-me", "Policy:Unsubscribe:Secret", "sample secret")]
    [InlineData("Policy:Unsubscribe:Secret", "only-twenty-two-bytes!", "Policy:Unsubscribe:Secret", "openssl rand")]
    [InlineData("Mail:Smtp:Host", "smtp.gmail.com", "Mail:Smtp:Security", "use StartTls")]
    [InlineData("Mail:Smtp:UserName", "intranet@pasto.gov.co", "Mail:Smtp:Security", "AUTH credentials (Mail:Smtp:UserName)")]
    [InlineData("Mail:Senders:1:SmtpUserName", "secretarias@pasto.gov.co", "Mail:Smtp:Security", "AUTH credentials (Mail:Senders:1:SmtpUserName)")]
    [InlineData("Mail:Senders:2:Smtp:Host", "relay.pasto.gov.co", "Mail:Senders:2:Smtp:Security", "not this machine")]
    public void Outside_development_a_weak_setting_fails_the_start_and_says_what_to_do(string key, string value, string named, string advice)
    {
        var settings = new Dictionary<string, string?>(SafeOutsideDevelopment) { [key] = value };
        if (key.StartsWith("Mail:Senders:2:Smtp", StringComparison.Ordinal))
        {
            settings["Mail:Senders:2:Smtp:Security"] = "None";
        }

        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .UseEnvironment("Production")
            .ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(settings)));

        var error = Assert.Throws<OptionsValidationException>(() => factory.Services);
        Assert.Contains($"setting '{named}' is invalid outside Development (environment Production)", error.Message);
        Assert.Contains(advice, error.Message);
        Assert.Single(error.Failures);
    }

    [Fact]
    public void The_shipped_settings_are_refused_outside_development_for_their_sample_secret_only()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web.UseEnvironment("Production"));

        var error = Assert.Throws<OptionsValidationException>(() => factory.Services);
        Assert.Equal("Policy:Unsubscribe:Secret", Assert.Single(error.Failures).Split('\'')[1]);
    }
}
