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
        var responses = await CallAsync(queue.Operator, "/v1/holds", 4);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], responses.Select(r => r.StatusCode));
        Assert.InRange(responses[3].Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 30);
        Assert.Equal("auth.rate-limited", (await Requests.JsonAsync(responses[3])).GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.OK, (await queue.Approver.GetAsync("/v1/holds")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await queue.Operator.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Calls_without_a_key_are_limited_per_client_address()
    {
        var responses = await CallAsync(queue.Anonymous, "/v1/unsubscribe?d=pasto.gov.co&r=x%40pasto.gov.co&t=x", 3);

        // The link is forged (an error page); the third call is refused before it is even looked at.
        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.TooManyRequests], responses.Select(r => r.StatusCode));
        var detail = (await Requests.JsonAsync(responses[2])).GetProperty("detail").GetString();
        Assert.Contains("calls without a key from this address", detail);
        Assert.DoesNotContain("key's", detail);
    }

    static async Task<IReadOnlyList<HttpResponseMessage>> CallAsync(HttpClient client, string path, int times)
    {
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < times; i++)
        {
            responses.Add(await client.GetAsync(path));
        }

        return responses;
    }
}
