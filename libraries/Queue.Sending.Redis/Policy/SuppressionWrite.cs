using StackExchange.Redis;

namespace Queue.Sending.Policy;

/// <summary>One planned write of an address's entries (<see cref="SuppressionList.PlanAsync"/>), conditioned on <see cref="Read"/>.</summary>
public sealed record SuppressionWrite(RedisKey Key, string Domain, string Address, RedisValue Read, string Value, bool Added, IReadOnlyList<Suppression> Entries);
