using Microsoft.Extensions.Configuration;
using Queue.Contracts;
using Queue.ReputationMonitor.Options;

namespace Queue.ReputationMonitor.Tests.Infrastructure;

/// <summary>
/// The zones as shipped in the monitor's appsettings.json, so tests exercise the real codes and error codes, moved
/// under a test name (zen.spamhaus.org becomes e.g. zen.test) that only the test's dnsmasq serves.
/// </summary>
static class ShippedZones
{
    public static string AppSettingsPath { get; } = FindAppSettings();

    public static IConfiguration Configuration() => new ConfigurationBuilder().AddJsonFile(AppSettingsPath).Build();

    public static BlocklistOptions Options() =>
        Configuration().GetSection(BlocklistOptions.Section).Get<BlocklistOptions>() ?? throw new InvalidOperationException("no Blocklists section");

    /// <summary>The shipped zone, renamed to <paramref name="testZone"/>, without DQS.</summary>
    public static ZoneOptions Get(string zone, ReputationTargetKind kind, string testZone)
    {
        var shipped = Options().Zones.Single(z => z.Zone == zone && z.Kind == kind);
        shipped.Zone = testZone;
        shipped.DqsZone = null;
        // A named test entry (dbltest.com, test.uribl.com) lives in the real zone: ask the test zone's RFC 5782 "test".
        if (kind == ReputationTargetKind.Domain)
        {
            shipped.TestListed = null;
        }

        return shipped;
    }

    static string FindAppSettings()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "services", "Queue.ReputationMonitor", "appsettings.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("services/Queue.ReputationMonitor/appsettings.json not found above the test directory");
    }
}
