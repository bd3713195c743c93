using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Queue.Sending.Bounces;
using Queue.Sending.Control;
using Queue.Sending.Ledger;
using Queue.Sending.Policy;
using Queue.Sending.Quotas;
using Queue.Sending.Settings;

namespace Queue.Sending;

public static class SendingStoresRegistration
{
    /// <summary>
    /// The quota gate, the holds on sending, the lanes' state and the request ledger in Redis: what sending and the
    /// operations view of it share. The settings they read are the shared settings, followed live from Redis.
    /// </summary>
    public static IHostApplicationBuilder AddQuotas(this IHostApplicationBuilder builder)
    {
        // Idempotent: binding the section twice would double every configured limit.
        if (builder.Services.Any(d => d.ServiceType == typeof(RedisQuotaGate)))
        {
            return builder;
        }

        builder.AddSharedSettings();
        builder.AddQuotaSettings();
        builder.Services.AddSingleton<WarmupLedger>();
        builder.Services.AddSingleton<RedisQuotaGate>();
        builder.Services.AddSingleton<IQuotaGate>(sp => sp.GetRequiredService<RedisQuotaGate>());
        builder.Services.AddSingleton<SendingHoldStore>();
        builder.Services.AddSingleton<RequestLedger>();
        return builder;
    }

    /// <summary>The suppression list of mass mail, the bounce ledger and the approvals the circular calls for.</summary>
    public static IHostApplicationBuilder AddPolicyStores(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SuppressionList>();
        builder.Services.AddSingleton<BounceLedger>();
        builder.Services.AddSingleton<SetAsideReports>();
        builder.Services.AddSingleton<ApprovalStore>();
        return builder;
    }

    /// <summary>What intake needs to judge a request (the domain's validation), on the shared settings.</summary>
    public static IHostApplicationBuilder AddSendEmailIntake(this IHostApplicationBuilder builder)
    {
        builder.AddSharedSettings();
        builder.AddSendEmailValidation();
        builder.AddInstitutionalPolicy();
        builder.AddPolicyStores();
        return builder;
    }
}
