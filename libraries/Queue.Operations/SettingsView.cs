using System.Text.Json.Nodes;

namespace Queue.Operations;

/// <summary>The shared settings in force and their version; who changed them, or where the shipped defaults came from.</summary>
/// <param name="RejectedVersion">A stored version this service refused to apply, with why.</param>
public sealed record SettingsView(
    long Version, DateTimeOffset? ChangedAt, string? ChangedBy, string? Reason, string Bootstrap, long? RejectedVersion, string? RejectedBecause, JsonObject Settings);
