using System.Text.Json.Serialization;

namespace Queue.Operations;

/// <summary>
/// The outcome of a DNS authentication check (Unknown: the lookup failed). The reputation monitor's outcomes by
/// name (ApiViewsTests hold them equal).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<AuthCheckOutcome>))]
public enum AuthCheckOutcome
{
    Unknown,
    Pass,
    Fail,
}
