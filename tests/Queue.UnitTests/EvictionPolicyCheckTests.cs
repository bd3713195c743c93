using Queue.Sending.Quotas;

namespace Queue.UnitTests;

public class EvictionPolicyCheckTests
{
    [Theory]
    [InlineData("noeviction", null, true)]
    [InlineData("noeviction", "volatile-lru", true)]
    [InlineData("volatile-lru", null, false)]
    [InlineData("volatile-lru", "volatile-lru", true)]
    [InlineData("volatile-ttl", "volatile-lru", false)]
    [InlineData("allkeys-lru", null, false)]
    [InlineData("allkeys-lru", "allkeys-lru", false)]
    public void Only_noeviction_or_a_knowingly_allowed_volatile_policy_passes(string policy, string? allowed, bool passes)
    {
        var problem = EvictionPolicyCheck.Problem(policy, allowed);
        Assert.Equal(passes, problem is null);
        if (problem is not null)
        {
            Assert.Contains($"maxmemory-policy '{policy}'", problem);
            Assert.Equal(!policy.StartsWith("allkeys-"), problem.Contains("Redis:AllowEvictionPolicy"));
        }
    }
}
