using Microsoft.Extensions.Configuration;
using Queue.Sending.Settings;

namespace Queue.UnitTests;

/// <summary>The shipped settings/queue-settings.json, as the services load it.</summary>
static class SharedSettingsFile
{
    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "queue-settings.json");

    public static IConfiguration Load() =>
        new ConfigurationBuilder().AddInMemoryCollection(SharedSettingsConfigurationProvider.Flatten(SharedSettings.ReadFile(Path))).Build();
}
