namespace Queue.Operations;

/// <summary>The body of <c>POST /v1/suppressions</c>.</summary>
/// <param name="Domain">The sending domain; may be left out where Queue sends from one domain only.</param>
/// <param name="MassOnly">Only mass mail leaves the address out (otherwise no mail goes to it).</param>
public sealed record SuppressRequest(string? Address, string? Domain, string? Reason, bool? MassOnly, DateTimeOffset? Until, string? By);
