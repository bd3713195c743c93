using System.Text.Json.Serialization;

namespace Queue.Operations;

/// <summary>The outcome of a DNS authentication check; the names of the monitor's own outcomes.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AuthCheckOutcome>))]
public enum AuthCheckOutcome
{
    /// <summary>The lookup failed (timeout, SERVFAIL): nothing is known yet.</summary>
    Unknown,
    Pass,
    Fail,
}
