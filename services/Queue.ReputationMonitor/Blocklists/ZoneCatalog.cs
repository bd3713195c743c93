using Microsoft.Extensions.Options;
using Queue.ReputationMonitor.Options;

namespace Queue.ReputationMonitor.Blocklists;

/// <summary>
/// The enabled zones of section Blocklists that have targets of their kind: a zone with nothing to ask about (the
/// IPv6 zone while no IPv6 address is configured) is not even asked its test entries.
/// </summary>
public sealed class ZoneCatalog(IOptions<BlocklistOptions> options, TargetSet targets)
{
    public IReadOnlyList<BlocklistZone> Zones { get; } = options.Value.Zones
        .Where(z => z.Enabled && targets.Of(z.Kind).Count > 0)
        .Select(z => BlocklistZone.From(z, options.Value.SpamhausDqsKey))
        .ToList();

    public BlocklistZone? Find(string key) => Zones.FirstOrDefault(z => z.Key == key);
}
