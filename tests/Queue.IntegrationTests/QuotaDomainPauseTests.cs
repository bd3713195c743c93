using Queue.Contracts;
using Queue.Dispatching.Lanes;
using Queue.IntegrationTests.Infrastructure;

namespace Queue.IntegrationTests;

/// <summary>A domain limit used up holds every lane of the domain, not only the lane that hit it.</summary>
public class QuotaDomainPauseTests(DomainQuotaFixture dispatcher) : IClassFixture<DomainQuotaFixture>
{
    [Fact]
    public async Task A_used_up_domain_limit_holds_every_lane_of_the_domain()
    {
        var requests = Enumerable.Range(1, 3).Select(i => DispatcherFixture.Request($"Cuota del dominio {i}")).ToList();

        foreach (var request in requests)
        {
            await dispatcher.PublishAsync(request);
        }

        var deferred = await dispatcher.Events.WaitForAsync<EmailDeferred>(e => requests.Any(r => r.RequestId == e.RequestId));
        Assert.Equal("quota.domain.burst", deferred.Rule);
        Assert.Equal("limit quota.domain.burst is used up until then", deferred.Reason);
        var lanes = dispatcher.Lanes.All.Where(l => l.Account.EndsWith("@pasto.gov.co", StringComparison.Ordinal)).ToList();
        Assert.True(lanes.Count > 1, "the test needs more than one account of the domain");
        Assert.All(lanes, l => Assert.Contains(l.Holds, h => h.Source == Lane.QuotaHold && h.Reason == "quota.domain.burst used up" && h.Until == deferred.Until));
    }
}
