using Queue.Configuration;

namespace Queue.Dispatching.Bounces;

public static class BounceRegistration
{
    /// <summary>The bounce loop: the rates and their holds always, the mailbox reader when <c>Bounces:Imap:Host</c> is set.</summary>
    public static IHostApplicationBuilder AddBounces(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<BounceOptions>(BounceOptions.Section);
        builder.Services.AddSingleton<BounceRateWatch>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BounceRateWatch>());
        builder.Services.AddSingleton<BounceProcessor>();
        builder.Services.AddHostedService<BounceMailboxReader>();
        return builder;
    }
}
