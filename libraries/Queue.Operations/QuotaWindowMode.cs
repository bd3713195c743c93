using System.Text.Json.Serialization;

namespace Queue.Operations;

/// <summary>How a limit's window counts; the names of the quota settings' own modes.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<QuotaWindowMode>))]
public enum QuotaWindowMode
{
    /// <summary>Any span of the window's length, ending now.</summary>
    Rolling,

    /// <summary>Resets at local midnight (and every window after it) in the quotas' time zone.</summary>
    Calendar,
}
