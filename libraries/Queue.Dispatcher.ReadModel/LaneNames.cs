using System.Text.RegularExpressions;

namespace Queue.Dispatcher.ReadModel;

/// <summary>Names of the per-account lane queues, known to the dispatcher that consumes them and to operations.</summary>
public static partial class LaneNames
{
    /// <summary>RabbitMQ names through MassTransit allow letters, digits, '-', '_', '.' and ':' only.</summary>
    public static string For(string queueName, string account) =>
        $"{queueName}.lane.{NotAllowed().Replace(account.Replace("@", "_at_"), "-")}";

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex NotAllowed();
}
