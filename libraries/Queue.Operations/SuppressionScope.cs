using System.Text.Json.Serialization;

namespace Queue.Operations;

/// <summary>What mail a suppression keeps from the address; the names of the suppression list's own scopes.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SuppressionScope>))]
public enum SuppressionScope
{
    /// <summary>Mass mail leaves the address out; personal, confidential and operational mail still go.</summary>
    MassMail,

    /// <summary>No mail goes: mass mail leaves it out, anything else to it is rejected (rule recipient.suppressed).</summary>
    AllMail,
}
