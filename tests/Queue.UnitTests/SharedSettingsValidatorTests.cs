using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Queue.Sending.Quotas;
using Queue.Sending.Settings;

namespace Queue.UnitTests;

public sealed class SharedSettingsValidatorTests
{
    static readonly SharedSettingsValidator Validator = new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Mail:Smtp:Host"] = "localhost",
        ["Policy:Unsubscribe:Url"] = "https://correo.pasto.gov.co/v1/unsubscribe",
        ["Policy:Unsubscribe:Secret"] = "a-secret-long-enough-for-the-tests-0123456789",
    }).Build());

    static JsonObject Shipped() => SharedSettings.ReadFile(SharedSettingsFile.Path).Settings;

    [Fact]
    public void The_shipped_settings_are_valid() => Assert.Empty(Validator.Validate(Shipped()));

    [Fact]
    public void An_invalid_change_is_refused_naming_the_setting()
    {
        var settings = Shipped();
        settings["Quotas"]!["Account"]![0]!["Messages"] = 0;
        settings["Quotas"]!["Accounts"] = new JsonArray(new JsonObject
        {
            ["Address"] = "intranet@pasto.gov.co",
            ["Limits"] = new JsonArray(new JsonObject { ["Name"] = "minute", ["Messages"] = 5 }),
        });
        var failures = Validator.Validate(settings);
        Assert.Contains(failures, f => f.Contains("'Quotas:Account:0:Messages'"));
        Assert.Contains(failures, f => f.Contains("'Quotas:Accounts:0:Limits:0:Window'"));
    }

    [Fact]
    public void Policy_accounts_must_be_senders_of_the_same_change()
    {
        var settings = Shipped();
        settings["Policy"]!["CommunicationsOffice"] = new JsonArray("prensa@pasto.gov.co");
        Assert.Contains(Validator.Validate(settings), f => f.Contains("'Policy:CommunicationsOffice:0'"));
    }

    [Fact]
    public void Secrets_unknown_sections_and_misspelt_names_are_refused()
    {
        var settings = Shipped();
        settings["Mail"]!["Senders"]![0]!["SmtpPassword"] = "hunter2";
        settings["Gateway"] = new JsonObject();
        Assert.Contains(Validator.Validate(settings), f => f.Contains("'Mail:Senders:0:SmtpPassword' holds a secret"));
        Assert.Contains(Validator.Validate(settings), f => f.Contains("'Gateway' is not a shared setting"));

        var misspelt = Shipped();
        misspelt["Quotas"]!["Account"]![0]!["Mesages"] = 10;
        var failures = Validator.Validate(misspelt);
        Assert.True(failures.Any(f => f.Contains("'Mesages'")), string.Join(" | ", failures));
    }

    [Fact]
    public void An_account_override_replaces_only_what_it_names_and_may_add_a_limit()
    {
        var options = new QuotaOptions
        {
            Account = [new QuotaLimitOptions { Name = "hour", Window = TimeSpan.FromHours(1), Messages = 400, Recipients = 2000 }],
            Accounts =
            [
                new AccountQuotaOptions
                {
                    Address = "intranet@pasto.gov.co",
                    Limits =
                    [
                        new QuotaLimitOverrideOptions { Name = "hour", Messages = 800 },
                        new QuotaLimitOverrideOptions { Name = "minute", Window = TimeSpan.FromMinutes(1), Messages = 20 },
                    ],
                },
            ],
        };
        var limits = options.AccountLimits("INTRANET@pasto.gov.co");
        Assert.Equal([("hour", 800, 2000), ("minute", 20, 0)], limits.Select(l => (l.Name, l.Messages ?? 0, l.Recipients ?? 0)));
        Assert.Equal(400, options.AccountLimits("secretarias@pasto.gov.co").Single().Messages);
    }
}
