using Queue.Sending.Accounts;
using Queue.Sending.Quotas;
using Queue.ServiceDefaults.Options;

namespace Queue.UnitTests;

public class ConfigurationPathValidatorTests
{
    [Fact]
    public void Names_the_full_path_of_a_nested_setting()
    {
        var options = new MailOptions
        {
            Smtp = new SmtpEndpointOptions { Host = "", Port = 70000 },
            Senders = [new SenderAccountOptions { Address = "intranet@pasto.gov.co" }, new SenderAccountOptions { Address = "not-an-address" }],
        };
        var result = new ConfigurationPathValidator<MailOptions>("Mail").Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("setting 'Mail:Smtp:Host' is invalid"));
        Assert.Contains(result.Failures!, f => f.StartsWith("setting 'Mail:Smtp:Port' is invalid"));
        Assert.Contains(result.Failures!, f => f.StartsWith("setting 'Mail:Senders:1:Address' is invalid"));
        Assert.Equal(3, result.Failures!.Count());
    }

    [Fact]
    public void Runs_cross_field_rules()
    {
        var options = new QuotaOptions { Account = [new QuotaLimitOptions { Name = "hour", Window = TimeSpan.Zero }] };
        var failures = new ConfigurationPathValidator<QuotaOptions>("Quotas").Validate(null, options).Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("setting 'Quotas:Account:0:Window' is invalid"));
        Assert.Contains(failures, f => f.StartsWith("setting 'Quotas:Account:0:Messages' is invalid: a limit needs"));
    }

    [Fact]
    public void Valid_options_pass()
    {
        var options = new MailOptions { Smtp = new SmtpEndpointOptions { Host = "smtp.gmail.com" }, Senders = [new SenderAccountOptions { Address = "intranet@pasto.gov.co" }] };
        Assert.True(new ConfigurationPathValidator<MailOptions>("Mail").Validate(null, options).Succeeded);
    }

    [Fact]
    public void Effective_cap_keeps_the_safety_margin()
    {
        var quotas = new QuotaOptions { SafetyMargin = 0.05 };
        Assert.Equal(1900, quotas.Effective(2000));
        Assert.Equal(1, quotas.Effective(1));
        Assert.Null(quotas.Effective(null));
    }
}
