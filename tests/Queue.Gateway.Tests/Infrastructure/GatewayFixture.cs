using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Queue.ApiKeys;
using Queue.Ctl;
using Queue.Gateway;
using Queue.Reputation.Status;

namespace Queue.Gateway.Tests.Infrastructure;

/// <summary>
/// A dispatcher and a gateway in-process on real Kestrel, sharing a fresh RabbitMQ virtual host and Redis key
/// prefix, with a key for each kind of caller.
/// </summary>
public class GatewayFixture : DispatcherFixture
{
    WebApplicationFactory<GatewayOptions>? gateway;
    readonly List<HttpClient> clients = [];

    /// <summary>The DispatcherFixture names its Redis prefix like its virtual host.</summary>
    public string RedisPrefix => VirtualHost;

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider GatewayServices => gateway!.Services;

    public ReputationStatusStore Reputation => GatewayServices.GetRequiredService<ReputationStatusStore>();

    internal GatewayKeys Keys { get; private set; } = null!;

    public HttpClient Anonymous { get; private set; } = null!;

    /// <summary>Application intranet, scope send: granted intranet@.</summary>
    public HttpClient Intranet { get; private set; } = null!;

    /// <summary>Application sistemas, scope send: granted soportesistemas@ only.</summary>
    public HttpClient Sistemas { get; private set; } = null!;

    /// <summary>Operators: read and operate.</summary>
    public HttpClient Operator { get; private set; } = null!;

    /// <summary>The communications office: read and approve.</summary>
    public HttpClient Approver { get; private set; } = null!;

    protected virtual IEnumerable<KeyValuePair<string, string?>> GatewaySettings() => [];

    /// <summary>Runs queuectl in-process against this gateway with <paramref name="key"/>: its exit code and what it printed.</summary>
    public async Task<(int Exit, string Output, string Error)> QueuectlAsync(string? key, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new Dictionary<string, string?> { ["QUEUE_URL"] = BaseAddress.ToString(), ["QUEUE_API_KEY"] = key };
        var exit = await new Cli(output, error, name => environment.GetValueOrDefault(name)).RunAsync(args);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>More wiring of the gateway's host, e.g. capturing its logs.</summary>
    protected virtual void ConfigureGatewayHost(IWebHostBuilder web)
    {
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var settings = new Dictionary<string, string?>(TestServers.Connections(VirtualHost, RedisPrefix))
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["RabbitMq:ManagementUrl"] = TestServers.RabbitManagement.ToString(),
            ["Gateway:MaxRequestBytes"] = "262144",
        };
        foreach (var (key, value) in Settings().Concat(GatewaySettings()))
        {
            settings[key] = value;
        }

        // Host settings, as the dispatcher fixture gives them: visible while Program builds the services.
        gateway = new WebApplicationFactory<GatewayOptions>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }

            ConfigureGatewayHost(web);
        });
        gateway.UseKestrel(0);
        gateway.StartServer();
        var address = gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1"));

        // Its events queue must be bound before a test publishes, or the first events are not heard.
        await gateway.Services.GetRequiredService<IBusControl>().WaitUntilHealthyAsync("the gateway's");

        Keys = await GatewayKeys.CreateAsync(gateway.Services.GetRequiredService<ApiKeyStore>());
        Anonymous = Client(null);
        Intranet = Client(Keys.Intranet);
        Sistemas = Client(Keys.Sistemas);
        Operator = Client(Keys.Operator);
        Approver = Client(Keys.Approver);
    }

    public HttpClient Client(string? key)
    {
        var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        clients.Add(http);
        return http;
    }

    /// <summary>Polls the request's status (as an operator) until it is in <paramref name="state"/>.</summary>
    public async Task<JsonElement> WaitForStateAsync(Guid requestId, string state, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var last = "none";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await Operator.GetAsync($"/v1/messages/{requestId}");
            if (response.IsSuccessStatusCode)
            {
                var status = await response.Content.ReadFromJsonAsync<JsonElement>();
                last = status.GetProperty("state").GetString()!;
                if (last == state)
                {
                    return status;
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"request {requestId} did not reach state {state}; last seen: {last}");
    }

    public override async Task DisposeAsync()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }

        if (gateway is not null)
        {
            await gateway.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
