using System.Text.Json.Serialization;

namespace Queue.Operations;

/// <summary>
/// How a limit's window counts: rolling (any span of its length ending now) or calendar (from local midnight). The
/// quota settings' modes by name (ApiViewsTests hold them equal).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<QuotaWindowMode>))]
public enum QuotaWindowMode
{
    Rolling,
    Calendar,
}
