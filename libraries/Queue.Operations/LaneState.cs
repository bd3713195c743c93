using System.Text.Json.Serialization;

namespace Queue.Operations;

[JsonConverter(typeof(JsonStringEnumConverter<LaneState>))]
public enum LaneState
{
    Sending,

    /// <summary>Something stops it: see <see cref="LaneView.HeldBy"/>.</summary>
    Held,
}
