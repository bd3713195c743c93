using System.Text.Json.Serialization;

namespace Queue.Operations;

/// <summary>What a hold does; the names of the dispatcher's own hold kinds.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HoldKind>))]
public enum HoldKind
{
    /// <summary>Nothing is sent.</summary>
    Pause,

    /// <summary>Bulk priority and mass mail wait; the rest is sent.</summary>
    PauseBulk,

    /// <summary>Sending goes on at a fraction of every quota.</summary>
    Throttle,
}
