namespace Queue.Operations;

/// <summary>
/// Whether the monitor's resolver answers. The monitor keeps no flag in Redis, but when every zone fails its test
/// entries the resolver is the common cause, and DNS checks made through it mean nothing either.
/// </summary>
public sealed record ResolverView(bool Healthy, string? Problem, DateTimeOffset? Since);
