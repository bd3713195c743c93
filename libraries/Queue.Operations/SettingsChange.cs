using System.Text.Json.Nodes;

namespace Queue.Operations;

/// <summary>The body of <c>POST /v1/settings</c>: the whole document, based on the version read (compare-and-set).</summary>
public sealed record SettingsChange(long? Version, string? Reason, string? By, JsonObject? Settings);
