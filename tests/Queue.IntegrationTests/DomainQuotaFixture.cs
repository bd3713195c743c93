using Microsoft.Extensions.DependencyInjection;
using Queue.Dispatching.Lanes;
using Queue.IntegrationTests.Infrastructure;

namespace Queue.IntegrationTests;

/// <summary>A domain limit of two messages per ten minutes, which the first requests use up; no wait in place.</summary>
public class DomainQuotaFixture : DispatcherFixture
{
    internal LaneDirectory Lanes => Services.GetRequiredService<LaneDirectory>();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Quotas:SafetyMargin", "0"),
        new("Quotas:Domain:0:Name", "burst"),
        new("Quotas:Domain:0:Window", "00:10:00"),
        new("Quotas:Domain:0:Messages", "2"),
        new("Dispatcher:MaxInPlaceWait", "00:00:00"),
    ];
}
