using System.Text.Json.Nodes;

namespace Queue.Sending.Settings;

/// <summary>
/// The shared settings this process runs on: the document and its version. Services read the sections through
/// <c>IOptionsMonitor</c>; this says which version those are, for status and health.
/// </summary>
public sealed class SharedSettings
{
    readonly List<SharedSettingsConfigurationProvider> providers = [];
    SharedSettingsDocument current;

    public SharedSettings(SharedSettingsDocument bootstrap, string source)
    {
        current = bootstrap;
        BootstrapSource = source;
    }

    public SharedSettingsDocument Current => Volatile.Read(ref current);

    public long Version => Current.Version;

    /// <summary>The file the shipped defaults came from.</summary>
    public string BootstrapSource { get; }

    /// <summary>The newest stored version refused here as invalid (an out-of-band write), if any.</summary>
    public long? RejectedVersion { get; internal set; }

    public string? RejectedBecause { get; internal set; }

    public event Action<SharedSettingsDocument>? Changed;

    internal SharedSettingsConfigurationProvider Attach(SharedSettingsConfigurationProvider provider)
    {
        lock (providers)
        {
            providers.Add(provider);
        }

        return provider;
    }

    /// <summary>Runs the services on <paramref name="document"/>; only a newer version than the one in force.</summary>
    internal bool Apply(SharedSettingsDocument document)
    {
        lock (providers)
        {
            if (document.Version <= current.Version)
            {
                return false;
            }

            foreach (var provider in providers)
            {
                provider.Apply(document);
            }

            // Only once every reader has been told: the version shown is the one in force.
            Volatile.Write(ref current, document);
        }

        Changed?.Invoke(document);
        return true;
    }

    public static SharedSettingsDocument ReadFile(string path)
    {
        try
        {
            return new SharedSettingsDocument(0, JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new InvalidOperationException($"shared settings file {path} must hold a JSON object"));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidOperationException($"shared settings file {path} is not valid JSON: {e.Message}", e);
        }
    }
}
