using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Queue.Testing;

/// <summary>Keeps every log line a host writes, with its scopes, so a test can search them.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new List<string>();
            owner.scopes.ForEachScope((s, list) => list.Add(s is IEnumerable<KeyValuePair<string, object>> pairs
                ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : s?.ToString() ?? ""), scope);
            owner.Lines.Enqueue($"{logLevel} {category} [{string.Join(" ", scope)}] {formatter(state, exception)} {exception}");
        }
    }
}
