using System.Net;
using Microsoft.Extensions.Options;
using Queue.Contracts;
using Queue.ReputationMonitor.Options;

namespace Queue.ReputationMonitor.Blocklists;

/// <summary>The configured targets, each once, in canonical form.</summary>
public sealed class TargetSet(IOptions<TargetsOptions> options)
{
    public IReadOnlyList<Target> All { get; } =
        options.Value.SendingIps.Select(ip => Target.FromAddress(IPAddress.Parse(ip)))
            .Concat(options.Value.Domains.Select(Target.FromDomain))
            .Distinct()
            .ToList();

    public IReadOnlyList<string> DkimSelectors { get; } = options.Value.DkimSelectors;

    public IReadOnlyList<Target> Of(ReputationTargetKind kind) => All.Where(t => t.Kind == kind).ToList();

    public IEnumerable<Target> Addresses => All.Where(t => t.Kind != ReputationTargetKind.Domain);

    public IEnumerable<Target> Domains => Of(ReputationTargetKind.Domain);
}
