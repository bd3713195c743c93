using Microsoft.Extensions.Options;

namespace Queue.Sending.Settings;

/// <summary>Settings that never change, for code that composes the sending classes by hand (the bench, tests).</summary>
public sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
