using System.Reflection;
using StackExchange.Redis;

namespace Queue.Bench.Infrastructure;

/// <summary>
/// A multiplexer whose databases answer every <c>ScriptEvaluateAsync</c> at once with one canned reply and do
/// nothing else: it measures what calling code costs on its own (building KEYS and ARGV, reading the reply),
/// without any I/O or client library in the way.
/// </summary>
public class ScriptStub : DispatchProxy
{
    Task<RedisResult> reply = null!;

    /// <param name="reply">A reply obtained from Redis once (RedisResult arrays cannot be built by hand).</param>
    public static IConnectionMultiplexer Create(RedisResult reply)
    {
        var database = Create<IDatabase, ScriptStub>();
        ((ScriptStub)(object)database).reply = Task.FromResult(reply);
        var multiplexer = Create<IConnectionMultiplexer, ScriptStub>();
        ((ScriptStub)(object)multiplexer).database = database;
        return multiplexer;
    }

    IDatabase? database;

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
    {
        nameof(IConnectionMultiplexer.GetDatabase) when database is not null => database,
        nameof(IDatabaseAsync.ScriptEvaluateAsync) when database is null => reply,
        _ => throw new NotSupportedException($"{targetMethod?.Name} is not stubbed"),
    };
}
