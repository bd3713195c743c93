using System.Text.Json.Serialization;

namespace Queue.Operations;

/// <summary>
/// Why a lane is not sending, as <c>/v1/lanes</c> names it: quota used up, provider throttling, failing session,
/// operator's pause, reputation pause. The dispatcher's lane hold kinds by name (ApiViewsTests hold them equal).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<LaneHoldKind>))]
public enum LaneHoldKind
{
    Quota,
    ProviderThrottle,
    Session,
    Operator,
    Reputation,
}
