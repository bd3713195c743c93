using System.Text.Json.Serialization;

namespace Queue.Contracts;

/// <summary>Order within a sender's lane. <see cref="Normal"/> is the default value on purpose.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EmailPriority>))]
public enum EmailPriority
{
    Bulk = -1,
    Normal = 0,
    Urgent = 1,
}
