using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Queue.Sending.Hours;
using Queue.Configuration;
using Queue.ServiceDefaults.Redis;

namespace Queue.Sending.Settings;

public static class SharedSettingsRegistration
{
    const string FileName = "queue-settings.json";

    /// <summary>
    /// The shared settings as the lowest configuration layer: the shipped file at start, then the stored
    /// version from Redis, followed live. Idempotent, as both the validator and the quota wiring ask for it.
    /// </summary>
    public static IHostApplicationBuilder AddSharedSettings(this IHostApplicationBuilder builder)
    {
        if (builder.Services.Any(d => d.ServiceType == typeof(SharedSettings)))
        {
            return builder;
        }

        var path = builder.Configuration[$"{SharedSettingsOptions.Section}:File"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, builder.Environment.ContentRootPath)
            : new[] { builder.Environment.ContentRootPath, AppContext.BaseDirectory }.Select(d => Path.Combine(d, FileName)).FirstOrDefault(File.Exists)
              ?? throw new InvalidOperationException($"setting '{SharedSettingsOptions.Section}:File' is missing: no {FileName} next to the service");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"setting '{SharedSettingsOptions.Section}:File' is invalid: {path} does not exist");
        }

        var settings = new SharedSettings(SharedSettings.ReadFile(path), path);
        ((IConfigurationBuilder)builder.Configuration).Sources.Insert(0, new SharedSettingsConfigurationSource(settings));

        builder.AddQueueRedis();
        builder.Services.AddValidatedOptions<SharedSettingsOptions>(SharedSettingsOptions.Section);
        builder.Services.AddValidatedOptions<SendingHoursOptions>(SendingHoursOptions.Section);
        builder.Services.AddSingleton<SendingHours>();
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<SharedSettingsStore>();
        builder.Services.AddSingleton<SharedSettingsValidator>();
        builder.Services.AddSingleton<SharedSettingsWatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SharedSettingsWatcher>());
        builder.Services.AddHealthChecks().AddCheck<SharedSettingsHealthCheck>("settings");
        return builder;
    }
}
