using StackExchange.Redis;

namespace Queue.Sending.Quotas;

/// <summary>A limit as enforced for one account: effective caps (margin applied) and its Redis keys.</summary>
/// <param name="Name">As reported in a deferral, e.g. <c>quota.account.hour</c>.</param>
public sealed record QuotaLimit(string Name, TimeSpan Window, QuotaWindowMode Mode, int? Messages, int? Recipients, RedisKey Key, RedisKey RecipientSumKey);
