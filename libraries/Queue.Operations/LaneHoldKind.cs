using System.Text.Json.Serialization;

namespace Queue.Operations;

/// <summary>Why a lane is not sending; the names of the dispatcher's own lane hold kinds.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LaneHoldKind>))]
public enum LaneHoldKind
{
    /// <summary>A quota of the account (or its domain) is used up until the window frees.</summary>
    Quota,

    /// <summary>The provider answered that the account sends too much (421/451/452 rate replies).</summary>
    ProviderThrottle,

    /// <summary>The route or the account's session fails (connect, TLS, greeting, login): held with backoff.</summary>
    Session,

    /// <summary>An operator paused the account, its domain or all sending.</summary>
    Operator,

    /// <summary>The reputation monitor paused it because the sending IP or domain is blocklisted.</summary>
    Reputation,
}
