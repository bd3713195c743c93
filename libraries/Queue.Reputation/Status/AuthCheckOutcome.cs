using System.Text.Json.Serialization;

namespace Queue.Reputation.Status;

[JsonConverter(typeof(JsonStringEnumConverter<AuthCheckOutcome>))]
public enum AuthCheckOutcome
{
    /// <summary>The lookup failed (timeout, SERVFAIL): nothing is known yet.</summary>
    Unknown,
    Pass,
    Fail,
}
