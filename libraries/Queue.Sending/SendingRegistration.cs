using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Queue.Configuration;
using Queue.Sending.Accounts;
using Queue.Sending.Applications;
using Queue.Sending.Composition;
using Queue.Sending.Policy;
using Queue.Sending.Quotas;
using Queue.Sending.Validation;

namespace Queue.Sending;

/// <summary>
/// The domain's services. The stores they work with (Redis) and the transport (SMTP) are registered by their adapters,
/// Queue.Sending.Redis and Queue.Sending.Smtp; the shared settings that feed these options come from the former.
/// </summary>
public static class SendingRegistration
{
    /// <summary>Validation, sender accounts and applications: what intake needs to judge a request.</summary>
    public static IHostApplicationBuilder AddSendEmailValidation(this IHostApplicationBuilder builder)
    {
        // Only the sender accounts are checked here: the SMTP routes are the transport's (Queue.Sending.Smtp), so a
        // service that never sends needs no SMTP settings.
        builder.Services.AddValidatedOptions<MailOptions>(MailOptions.Section);
        builder.Services.AddValidatedOptions<ValidationOptions>(ValidationOptions.Section);
        builder.Services.AddSingleton<SenderDirectory>();
        builder.Services.AddSingleton<SendEmailValidator>();
        builder.Services.AddValidatedOptions<ApplicationsOptions>(ApplicationsOptions.Section)
            .RefuseOutsideDevelopment(ApplicationsOptions.Section, applications => applications.UnsafeOutsideDevelopment());
        builder.Services.AddSingleton<ApplicationDirectory>();
        return builder;
    }

    /// <summary>The rules of circular 004 and the unsubscribe links of mass mail.</summary>
    public static IHostApplicationBuilder AddInstitutionalPolicy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<PolicyOptions>(PolicyOptions.Section)
            .RefuseOutsideDevelopment(PolicyOptions.Section, policy => policy.Unsubscribe.UnsafeOutsideDevelopment());
        builder.Services.AddSingleton<IValidateOptions<PolicyOptions>, PolicyAccountsValidator>();
        builder.Services.AddSingleton<InstitutionalPolicy>();
        builder.Services.AddSingleton<UnsubscribeLinks>();
        return builder;
    }

    /// <summary>The quota settings and the throttle that reads them; the gate that enforces them is an adapter's.</summary>
    public static IHostApplicationBuilder AddQuotaSettings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<QuotaOptions>(QuotaOptions.Section);
        builder.Services.AddSingleton<QuotaThrottle>();
        return builder;
    }

    /// <summary>MIME and DKIM: a request made into the message that is sent.</summary>
    public static IHostApplicationBuilder AddComposition(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MailComposer>();
        builder.Services.AddSingleton(sp => new DkimSigning(sp.GetRequiredService<IOptions<MailOptions>>().Value.Dkim));
        return builder;
    }
}
