using System.Reflection;
using System.Runtime.ExceptionServices;
using StackExchange.Redis;

namespace Queue.Bench.Infrastructure;

/// <summary>One <c>ScriptEvaluateAsync(string, …)</c> call as Queue's code made it.</summary>
public sealed record CapturedScript(string Script, RedisKey[] Keys, RedisValue[] Args);

/// <summary>
/// Wraps a multiplexer so that the databases it hands out record every <c>ScriptEvaluateAsync(string script, …)</c>
/// before forwarding it: a benchmark learns the exact script, KEYS and ARGV that production code sends, without
/// copying that code. Only for probing; measure with the plain multiplexer.
/// </summary>
public class ScriptCapture : DispatchProxy
{
    object target = null!;
    List<CapturedScript> sink = null!;

    public static IConnectionMultiplexer Wrap(IConnectionMultiplexer multiplexer, List<CapturedScript> sink) => Create<IConnectionMultiplexer>(multiplexer, sink);

    static T Create<T>(T target, List<CapturedScript> sink)
        where T : class
    {
        var proxy = Create<T, ScriptCapture>();
        var capture = (ScriptCapture)(object)proxy;
        capture.target = target;
        capture.sink = sink;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IDatabaseAsync.ScriptEvaluateAsync) && args is [string script, RedisKey[] keys, RedisValue[] values, ..])
        {
            lock (sink)
            {
                sink.Add(new CapturedScript(script, [.. keys], [.. values]));
            }
        }

        object? result;
        try
        {
            result = targetMethod.Invoke(target, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }

        return targetMethod.Name == nameof(IConnectionMultiplexer.GetDatabase) && result is IDatabase database
            ? Create(database, sink)
            : result;
    }
}
