using Queue.Gateway.Operations;

namespace Queue.Gateway.Tests;

/// <summary>The API's enums carry the domain's member names, so the answers read as the domain records did.</summary>
public class ApiViewsTests
{
    public static TheoryData<Type, Type> Pairs => new()
    {
        { typeof(Queue.Sending.Control.HoldKind), typeof(Queue.Operations.HoldKind) },
        { typeof(Queue.Sending.Lanes.LaneHoldKind), typeof(Queue.Operations.LaneHoldKind) },
        { typeof(Queue.Sending.Policy.SuppressionReason), typeof(Queue.Operations.SuppressionReason) },
        { typeof(Queue.Sending.Policy.SuppressionScope), typeof(Queue.Operations.SuppressionScope) },
        { typeof(Queue.Sending.Quotas.QuotaWindowMode), typeof(Queue.Operations.QuotaWindowMode) },
        { typeof(Queue.Reputation.Status.AuthCheckOutcome), typeof(Queue.Operations.AuthCheckOutcome) },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Every_domain_member_has_the_api_member_of_its_name(Type domain, Type api)
    {
        Assert.Equal(Enum.GetNames(domain), Enum.GetNames(api));
        foreach (Enum member in Enum.GetValues(domain))
        {
            var same = typeof(ApiViews).GetMethod(nameof(ApiViews.Same))!.MakeGenericMethod(api).Invoke(null, [member]);
            Assert.Equal(member.ToString(), same!.ToString());
        }
    }
}
