using System.Text.Json.Nodes;

namespace Queue.Sending.Settings;

/// <summary>
/// One version of the settings every service shares (sender accounts, quotas, policy, applications, sending
/// hours), whole: a change replaces the document, so no service ever sees half of one.
/// </summary>
/// <param name="Version">0 for the shipped file; every stored change adds one.</param>
public sealed record SharedSettingsDocument(long Version, JsonObject Settings, DateTimeOffset? ChangedAt = null, string? ChangedBy = null, string? Reason = null);
