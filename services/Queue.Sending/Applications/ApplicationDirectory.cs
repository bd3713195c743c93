using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace Queue.Sending.Applications;

/// <summary>Registered applications by name and by RabbitMQ user, and what each may send as.</summary>
public sealed class ApplicationDirectory(IOptions<ApplicationsOptions> options)
{
    readonly FrozenDictionary<string, ApplicationOptions> byName =
        options.Value.Registered.ToFrozenDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);

    readonly FrozenDictionary<string, ApplicationOptions> byAmqpUser =
        options.Value.Registered.Where(a => a.AmqpUser is { Length: > 0 }).ToFrozenDictionary(a => a.AmqpUser!, StringComparer.Ordinal);

    public bool RequireIdentity => options.Value.RequireIdentity;

    public ApplicationOptions? ByName(string name) => byName.GetValueOrDefault(name);

    public ApplicationOptions? ByAmqpUser(string user) => byAmqpUser.GetValueOrDefault(user);

    public static bool MaySendAs(ApplicationOptions application, string account) =>
        application.Senders.Any(s => s == "*" || string.Equals(s, account, StringComparison.OrdinalIgnoreCase));
}
