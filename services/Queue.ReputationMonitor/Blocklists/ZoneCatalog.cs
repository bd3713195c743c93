using Microsoft.Extensions.Options;
using Queue.ReputationMonitor.Options;

namespace Queue.ReputationMonitor.Blocklists;

/// <summary>The enabled zones of section Blocklists.</summary>
public sealed class ZoneCatalog(IOptions<BlocklistOptions> options)
{
    public IReadOnlyList<BlocklistZone> Zones { get; } = options.Value.Zones
        .Where(z => z.Enabled)
        .Select(z => BlocklistZone.From(z, options.Value.SpamhausDqsKey))
        .ToList();

    public BlocklistZone? Find(string key) => Zones.FirstOrDefault(z => z.Key == key);
}
