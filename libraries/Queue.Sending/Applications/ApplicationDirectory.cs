using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace Queue.Sending.Applications;

/// <summary>Registered applications by name and by RabbitMQ user, and what each may send as; follows changes of the shared settings.</summary>
public sealed class ApplicationDirectory
{
    Snapshot current;

    public ApplicationDirectory(IOptionsMonitor<ApplicationsOptions> options)
    {
        current = new Snapshot(options.CurrentValue);
        options.OnChange(applications => Volatile.Write(ref current, new Snapshot(applications)));
    }

    public bool RequireIdentity => Volatile.Read(ref current).Options.RequireIdentity;

    public ApplicationOptions? ByName(string name) => Volatile.Read(ref current).ByName.GetValueOrDefault(name);

    public ApplicationOptions? ByAmqpUser(string user) => Volatile.Read(ref current).ByAmqpUser.GetValueOrDefault(user);

    public static bool MaySendAs(ApplicationOptions application, string account) =>
        application.Senders.Any(s => s == "*" || string.Equals(s, account, StringComparison.OrdinalIgnoreCase));

    // One object per version, so a lookup never mixes two versions' maps.
    sealed class Snapshot(ApplicationsOptions options)
    {
        public ApplicationsOptions Options => options;

        public FrozenDictionary<string, ApplicationOptions> ByName { get; } =
            options.Registered.ToFrozenDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);

        public FrozenDictionary<string, ApplicationOptions> ByAmqpUser { get; } =
            options.Registered.Where(a => a.AmqpUser is { Length: > 0 }).ToFrozenDictionary(a => a.AmqpUser!, StringComparer.Ordinal);
    }
}
