using Queue.Sending.Accounts;
using Queue.Sending.Quotas;
using Queue.Configuration;

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
        Assert.Contains(result.Failures!, f => f.StartsWith("setting 'Mail:Smtp:Port' is invalid"));
        Assert.Contains(result.Failures!, f => f.StartsWith("setting 'Mail:Senders:1:Address' is invalid"));
        Assert.Equal(2, result.Failures!.Count());
    }

    [Fact]
    public void The_smtp_host_is_required_only_where_mail_is_sent()
    {
        var options = new MailOptions
        {
            Senders = [new SenderAccountOptions { Address = "intranet@pasto.gov.co" },
                       new SenderAccountOptions { Address = "secretarias@pasto.gov.co", Smtp = new SmtpEndpointOptions() }],
        };
        Assert.False(new ConfigurationPathValidator<MailOptions>("Mail").Validate(null, options).Failed);
        var failures = new Queue.Sending.Transport.SmtpRoutesValidator().Validate(null, options).Failures!.ToList();
        Assert.Equal(2, failures.Count);
        Assert.StartsWith("setting 'Mail:Smtp:Host' is invalid: required", failures[0]);
        Assert.StartsWith("setting 'Mail:Senders:1:Smtp:Host' is invalid: required", failures[1]);
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
    public void Names_each_oauth_setting_that_is_wrong()
    {
        var options = new MailOptions
        {
            Smtp = new SmtpEndpointOptions
            {
                Host = "smtp.office365.com",
                OAuth = new OAuthOptions { TokenEndpoint = new Uri("http://login.microsoftonline.com/t/oauth2/v2.0/token"), ClientSecret = "s", CertificatePath = "/nonexistent.pfx" },
            },
            Senders =
            [
                new SenderAccountOptions
                {
                    Address = "intranet@pasto.gov.co",
                    Smtp = new SmtpEndpointOptions { Host = "smtp.gmail.com", OAuth = new OAuthOptions { Flow = OAuthFlow.GoogleServiceAccount, Scope = "https://mail.google.com/" } },
                },
            ],
        };

        var failures = new ConfigurationPathValidator<MailOptions>("Mail").Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("setting 'Mail:Smtp:OAuth:Scope' is invalid"));
        Assert.Contains(failures, f => f.StartsWith("setting 'Mail:Smtp:OAuth:TokenEndpoint' is invalid: the token endpoint must be an absolute https URL"));
        Assert.Contains(failures, f => f.StartsWith("setting 'Mail:Smtp:OAuth:ClientId' is invalid"));
        Assert.Contains(failures, f => f.StartsWith("setting 'Mail:Smtp:OAuth:ClientSecret' is invalid: set either a client secret or a certificate"));
        Assert.Contains(failures, f => f.StartsWith("setting 'Mail:Smtp:OAuth:CertificatePath' is invalid: the file /nonexistent.pfx does not exist"));
        Assert.Contains(failures, f => f.StartsWith("setting 'Mail:Senders:0:Smtp:OAuth:ServiceAccountKeyPath' is invalid"));
        Assert.DoesNotContain(failures, f => f.Contains("=s") || f.Contains(" s "));
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
