using System.Text.Json;

namespace Queue.Operations;

/// <summary>The gateway's refusals: RFC 9457 problem details, with the rule that refused the call where there is one.</summary>
/// <param name="Errors">Validation problems: each field with its messages; a settings change: a list of messages.</param>
public sealed record ApiProblem(string? Type, string? Title, int? Status, string? Detail, string? Rule, JsonElement? Errors);
