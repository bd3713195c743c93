using System.Text.Json.Serialization;

namespace Queue.Operations;

/// <summary>
/// What a hold does: pause everything, pause bulk and mass mail, or throttle to a fraction of every quota. The
/// dispatcher's hold kinds by name (ApiViewsTests hold them equal).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<HoldKind>))]
public enum HoldKind
{
    Pause,
    PauseBulk,
    Throttle,
}
