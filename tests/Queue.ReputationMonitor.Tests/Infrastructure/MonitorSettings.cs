using System.Text.Json;
using System.Text.Json.Serialization;
using Queue.ReputationMonitor.Options;

namespace Queue.ReputationMonitor.Tests.Infrastructure;

/// <summary>
/// Every setting of a monitor under test. The host sees only these (no appsettings.json), so a test states all
/// it depends on; option objects are flattened into configuration keys the way the binder reads them.
/// </summary>
sealed class MonitorSettings
{
    static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public TargetsOptions Targets { get; init; } = new();

    public List<ZoneOptions> Zones { get; init; } = [];

    public ResolverOptions Dns { get; init; } = new() { Timeout = TimeSpan.FromSeconds(1), Attempts = 2 };

    /// <summary>The tests drive rounds themselves unless a test turns the schedule on.</summary>
    public ScheduleOptions Schedule { get; init; } = new() { Enabled = false, Spacing = TimeSpan.Zero };

    public int HitsToConfirm { get; init; } = 2;

    public int MissesToClear { get; init; } = 3;

    public int SuspectMinTargets { get; init; } = 3;

    public Dictionary<string, string?> ToConfiguration(string virtualHost, string redisPrefix)
    {
        var settings = new Dictionary<string, string?>(TestServers.Connections(virtualHost, redisPrefix))
        {
            ["Blocklists:HitsToConfirm"] = HitsToConfirm.ToString(),
            ["Blocklists:MissesToClear"] = MissesToClear.ToString(),
            ["Blocklists:SuspectMinTargets"] = SuspectMinTargets.ToString(),
        };
        Flatten(TargetsOptions.Section, JsonSerializer.SerializeToElement(Targets, Json), settings);
        Flatten(ResolverOptions.Section, JsonSerializer.SerializeToElement(Dns, Json), settings);
        Flatten(ScheduleOptions.Section, JsonSerializer.SerializeToElement(Schedule, Json), settings);
        Flatten($"{BlocklistOptions.Section}:Zones", JsonSerializer.SerializeToElement(Zones, Json), settings);
        return settings;
    }

    static void Flatten(string path, JsonElement element, Dictionary<string, string?> into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten($"{path}:{property.Name}", property.Value, into);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten($"{path}:{index++}", item, into);
                }

                break;
            case JsonValueKind.String:
                into[path] = element.GetString();
                break;
            case JsonValueKind.Null:
                break;
            default:
                into[path] = element.GetRawText();
                break;
        }
    }
}
