using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Queue.Bench.Infrastructure;

/// <summary>
/// A RabbitMQ virtual host of one benchmark measurement on the shared broker (127.0.0.1, guest), deleted on
/// dispose. Its name carries this process's id, so one left behind by a killed run is deleted by the next.
/// Queue depths are read over AMQP (a passive declare answers at once; the management API's figures lag by
/// up to its 5 s statistics interval).
/// </summary>
public sealed class BenchVhost : IAsyncDisposable
{
    const string Prefix = "queue-bench-";
    static readonly HttpClient Management = CreateManagement();

    readonly IConnection connection;
    IChannel channel;

    BenchVhost(string name, IConnection connection, IChannel channel)
    {
        Name = name;
        this.connection = connection;
        this.channel = channel;
    }

    public string Name { get; }

    public static async Task<BenchVhost> CreateAsync(string purpose)
    {
        await DeleteLeftOversAsync();
        var name = $"{Prefix}{Environment.ProcessId}-{purpose}-{Random.Shared.Next(0x10000):x4}";
        (await Management.PutAsync($"api/vhosts/{Uri.EscapeDataString(name)}", null)).EnsureSuccessStatusCode();
        (await Management.PutAsync($"api/permissions/{Uri.EscapeDataString(name)}/guest",
            JsonContent.Create(new { configure = ".*", write = ".*", read = ".*" }))).EnsureSuccessStatusCode();
        var factory = new ConnectionFactory { HostName = "127.0.0.1", Port = 5672, VirtualHost = name, UserName = "guest", Password = "guest" };
        var connection = await factory.CreateConnectionAsync("queue-bench-probe");
        return new BenchVhost(name, connection, await connection.CreateChannelAsync());
    }

    /// <summary>Messages ready (not delivered to a consumer) and consumers of <paramref name="queue"/>; null while it does not exist.</summary>
    public async Task<(uint Ready, uint Consumers)?> QueueAsync(string queue)
    {
        try
        {
            var ok = await channel.QueueDeclarePassiveAsync(queue);
            return (ok.MessageCount, ok.ConsumerCount);
        }
        catch (OperationInterruptedException)
        {
            // A missing queue closes the channel (404).
            channel = await connection.CreateChannelAsync();
            return null;
        }
    }

    /// <summary>A channel of the probe connection, for listening or publishing raw.</summary>
    public Task<IChannel> OpenChannelAsync() => connection.CreateChannelAsync();

    /// <summary>Polls <paramref name="check"/> until it is true; throws naming <paramref name="what"/> after the timeout.</summary>
    public static async Task WaitAsync(Func<Task<bool>> check, TimeSpan timeout, string what, int pollMilliseconds = 20)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!await check())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"{what} not reached within {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(pollMilliseconds);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await channel.DisposeAsync();
            await connection.DisposeAsync();
        }
        finally
        {
            await Management.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(Name)}");
        }
    }

    /// <summary>Virtual hosts of benchmark processes that are gone (killed, timed out).</summary>
    public static async Task DeleteLeftOversAsync()
    {
        using var json = JsonDocument.Parse(await Management.GetStringAsync("api/vhosts"));
        foreach (var vhost in json.RootElement.EnumerateArray().Select(v => v.GetProperty("name").GetString() ?? ""))
        {
            if (vhost.StartsWith(Prefix, StringComparison.Ordinal) && OwnerGone(vhost[Prefix.Length..]))
            {
                await Management.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(vhost)}");
            }
        }
    }

    /// <summary>Whether the process named at the start of <paramref name="rest"/> (<c>pid-…</c>) is gone.</summary>
    public static bool OwnerGone(string rest) =>
        int.TryParse(rest.Split('-')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}");

    static HttpClient CreateManagement()
    {
        var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:15672/"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("guest:guest")));
        return http;
    }
}
