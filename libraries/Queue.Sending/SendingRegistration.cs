using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Queue.Sending.Accounts;
using Queue.Sending.Composition;
using Queue.Sending.Ledger;
using Queue.Sending.Policy;
using Queue.Sending.Quotas;
using Queue.Sending.Settings;
using Queue.Sending.Transport;
using Queue.Sending.Validation;
using Queue.ServiceDefaults.Options;
using Queue.ServiceDefaults.Redis;
using Microsoft.Extensions.Options;

namespace Queue.Sending;

public static class SendingRegistration
{
    /// <summary>Validation and sender accounts: what intake needs to judge a request.</summary>
    public static IHostApplicationBuilder AddSendEmailValidation(this IHostApplicationBuilder builder)
    {
        builder.AddSharedSettings();
        builder.Services.AddValidatedOptions<MailOptions>(MailOptions.Section)
            .RefuseOutsideDevelopment(MailOptions.Section, mail => mail.UnsafeOutsideDevelopment());
        builder.Services.AddValidatedOptions<ValidationOptions>(ValidationOptions.Section);
        builder.Services.AddSingleton<SenderDirectory>();
        builder.Services.AddSingleton<SendEmailValidator>();
        builder.Services.AddValidatedOptions<Applications.ApplicationsOptions>(Applications.ApplicationsOptions.Section)
            .RefuseOutsideDevelopment(Applications.ApplicationsOptions.Section, applications => applications.UnsafeOutsideDevelopment());
        builder.Services.AddSingleton<Applications.ApplicationDirectory>();
        return builder;
    }

    /// <summary>Everything a send needs: validation, composition, quotas, the ledger and SMTP.</summary>
    public static IHostApplicationBuilder AddSending(this IHostApplicationBuilder builder)
    {
        builder.AddSendEmailValidation();
        builder.AddQuotas();
        builder.Services.AddSingleton<MailComposer>();
        builder.Services.AddSingleton<Transport.OAuth.OAuthTokenSources>(sp => new(sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(sp => new DkimSigning(sp.GetRequiredService<IOptions<MailOptions>>().Value.Dkim));
        builder.Services.AddSingleton<IMailTransport>(sp => new SmtpMailTransport(
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Transport.OAuth.OAuthTokenSources>(), sp.GetRequiredService<DkimSigning>()));
        builder.AddInstitutionalPolicy();
        return builder;
    }

    /// <summary>Redis, the quota engine, the holds on sending, the lanes' state and the request ledger: what sending and the operations view of it share.</summary>
    public static IHostApplicationBuilder AddQuotas(this IHostApplicationBuilder builder)
    {
        builder.AddSharedSettings();
        builder.Services.AddValidatedOptions<QuotaOptions>(QuotaOptions.Section);
        builder.Services.AddSingleton<WarmupLedger>();
        builder.Services.AddSingleton<QuotaThrottle>();
        builder.Services.AddSingleton<RedisQuotaGate>();
        builder.Services.AddSingleton<IQuotaGate>(sp => sp.GetRequiredService<RedisQuotaGate>());
        builder.Services.AddSingleton<Control.SendingHoldStore>();
        builder.Services.AddSingleton<Lanes.LaneStateStore>();
        builder.Services.AddSingleton<RequestLedger>();
        return builder;
    }

    /// <summary>The rules of circular 004, the approvals they call for and the unsubscribe list of mass mail.</summary>
    public static IHostApplicationBuilder AddInstitutionalPolicy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<PolicyOptions>(PolicyOptions.Section)
            .RefuseOutsideDevelopment(PolicyOptions.Section, policy => policy.Unsubscribe.UnsafeOutsideDevelopment());
        builder.Services.AddSingleton<IValidateOptions<PolicyOptions>, PolicyAccountsValidator>();
        builder.Services.AddSingleton<InstitutionalPolicy>();
        builder.Services.AddSingleton<UnsubscribeLinks>();
        builder.Services.AddSingleton<SuppressionList>();
        builder.Services.AddSingleton<Bounces.BounceLedger>();
        builder.Services.AddSingleton<Bounces.SetAsideReports>();
        builder.Services.AddSingleton<ApprovalStore>();
        return builder;
    }
}
