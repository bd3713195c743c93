using System.Text;
using Microsoft.Extensions.Configuration;

namespace Queue.Sending.Settings;

/// <summary>
/// The shared document as configuration, so every <c>IOptionsMonitor</c> of a shared section follows it. The
/// lowest layer: a service's own appsettings, environment and command line still override single values (an
/// SMTP password per sender, a test's setting). <see cref="Apply"/> swaps the whole data set at once and fires
/// one reload.
/// </summary>
public sealed class SharedSettingsConfigurationProvider(SharedSettings holder) : ConfigurationProvider
{
    SharedSettingsDocument? applied;

    public override void Load() => Data = Flatten(applied ?? holder.Current);

    internal void Apply(SharedSettingsDocument document)
    {
        applied = document;
        Data = Flatten(document);
        OnReload();
    }

    public static Dictionary<string, string?> Flatten(SharedSettingsDocument document, bool owned = true)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(document.Settings.ToJsonString()));
        var flat = new ConfigurationBuilder().AddJsonStream(stream).Build().AsEnumerable()
            .Where(pair => pair.Value is not null && (!owned || SharedSections.Owns(pair.Key)))
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.OrdinalIgnoreCase);
        return flat;
    }
}
