using System.Text.Json.Serialization;

namespace Queue.Contracts;

[JsonConverter(typeof(JsonStringEnumConverter<ReputationTargetKind>))]
public enum ReputationTargetKind
{
    IPv4 = 0,
    IPv6 = 1,
    Domain = 2,
}
