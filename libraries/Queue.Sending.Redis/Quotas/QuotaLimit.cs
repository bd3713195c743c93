using StackExchange.Redis;

namespace Queue.Sending.Quotas;

/// <summary>A limit as enforced for one account: effective caps (margin applied) and its Redis keys.</summary>
public sealed record QuotaLimit(QuotaLimitId Id, TimeSpan Window, QuotaWindowMode Mode, int? Messages, int? Recipients, RedisKey Key, RedisKey RecipientSumKey);
