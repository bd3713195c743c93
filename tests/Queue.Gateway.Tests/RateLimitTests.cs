using System.Net;
using Queue.Gateway.Tests.Infrastructure;

namespace Queue.Gateway.Tests;

public class RateLimitFixture : GatewayFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> GatewaySettings() =>
    [
        new("Gateway:RateLimit:PermitLimit", "3"),
        new("Gateway:RateLimit:AnonymousPermitLimit", "2"),
        new("Gateway:RateLimit:Window", "00:00:30"),
    ];
}

/// <summary>Each key has its own request budget; past it, 429 with Retry-After.</summary>
public class RateLimitTests(RateLimitFixture queue) : IClassFixture<RateLimitFixture>
{
    [Fact]
    public async Task A_key_over_its_rate_gets_429_with_retry_after_while_other_keys_go_on()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await queue.Operator.GetAsync("/v1/holds");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var retry = response.Headers.RetryAfter!.Delta!.Value;
                Assert.InRange(retry.TotalSeconds, 1, 30);
                Assert.Equal("auth.rate-limited", (await Requests.JsonAsync(response)).GetProperty("rule").GetString());
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, (await queue.Approver.GetAsync("/v1/holds")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await queue.Operator.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Calls_without_a_key_are_limited_per_client_address()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await queue.Anonymous.GetAsync("/v1/unsubscribe?d=pasto.gov.co&r=x%40pasto.gov.co&t=x");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }
}
