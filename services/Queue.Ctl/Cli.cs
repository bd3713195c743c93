using Queue.ApiKeys;
using StackExchange.Redis;

namespace Queue.Ctl;

/// <summary>Parses the command line and runs one command; exit code 0 done, 1 usage, 2 refused, 3 unreachable.</summary>
public sealed class Cli(TextWriter output, TextWriter error, Func<string, string?> environment, HttpMessageHandler? handler = null)
{
    public const string Usage = """
        queuectl: operate Queue through its gateway.

          queuectl quotas [ACCOUNT]                       quota use per account and limit
          queuectl holds                                  pauses and blocklist holds in force
          queuectl pause ACCOUNT|--all --reason TEXT [--until ISO-TIME] [--by NAME]
          queuectl resume ACCOUNT|--all [--by NAME]
          queuectl lanes                                  backlog, oldest request, progress of mass/split requests
          queuectl reputation                             blocklist status per zone
          queuectl approvals                              requests held for approval
          queuectl approve REQUEST-ID [--comment TEXT] [--by NAME]
          queuectl deny REQUEST-ID --reason TEXT [--by NAME]
          queuectl status REQUEST-ID                      state and history of a request
          queuectl rejections                             latest rejections
          queuectl audit                                  who paused, resumed, approved, denied
          queuectl send FILE.json                         submit a SendEmail as an application would
          queuectl keys create --app NAME --scopes send,read,operate,approve [--note TEXT]
          queuectl keys list
          queuectl keys revoke KEY-ID

        Options: --url (QUEUE_URL, default http://127.0.0.1:5090), --key (QUEUE_API_KEY), --json (raw answer).
        keys commands use Redis directly: --redis (QUEUE_REDIS, default localhost:6379), --prefix (QUEUE_REDIS_PREFIX, default queue).
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> argv)
    {
        var args = new CliArgs(argv);
        if (args.Words.Count == 0 || args.Flag("help"))
        {
            output.WriteLine(Usage);
            return args.Flag("help") ? 0 : 1;
        }

        try
        {
            if (args.Words[0] == "keys")
            {
                using var redis = await ConnectionMultiplexer.ConnectAsync(Setting(args, "redis", "QUEUE_REDIS", "localhost:6379"));
                await new KeyCommands(new ApiKeyStore(redis, Setting(args, "prefix", "QUEUE_REDIS_PREFIX", "queue"), TimeProvider.System), output).RunAsync(args);
                return 0;
            }

            using var http = Http(args);
            if (args.Flag("json"))
            {
                output.WriteLine(Json.Pretty(await new GatewayClient(http).GetAsync(RawPath(args))));
                return 0;
            }

            await RunApiAsync(args, new GatewayClient(http));
            return 0;
        }
        catch (CliException e)
        {
            error.WriteLine($"queuectl: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is HttpRequestException or RedisConnectionException or TaskCanceledException)
        {
            error.WriteLine($"queuectl: cannot reach {(args.Words[0] == "keys" ? "Redis" : "the gateway")}: {e.Message}");
            return 3;
        }
    }

    Task RunApiAsync(CliArgs args, GatewayClient gateway)
    {
        var operations = new OperationsCommands(gateway, output);
        var requests = new RequestCommands(gateway, output);
        return args.Words[0] switch
        {
            "quotas" => operations.QuotasAsync(args),
            "holds" => operations.HoldsAsync(),
            "pause" => operations.PauseAsync(args),
            "resume" => operations.ResumeAsync(args),
            "lanes" => operations.LanesAsync(),
            "reputation" => operations.ReputationAsync(),
            "audit" => operations.AuditAsync(),
            "approvals" => requests.ApprovalsAsync(),
            "approve" => requests.ApproveAsync(args),
            "deny" => requests.DenyAsync(args),
            "status" => requests.StatusAsync(args),
            "rejections" => requests.RejectionsAsync(),
            "send" => requests.SendAsync(args),
            var unknown => throw new CliException($"unknown command '{unknown}'; see queuectl --help"),
        };
    }

    /// <summary>With --json a read command prints the gateway's answer as it is.</summary>
    static string RawPath(CliArgs args) => args.Words[0] switch
    {
        "status" => $"/v1/messages/{args.Word(1, "REQUEST-ID")}",
        "quotas" when args.Words.Count > 1 => $"/v1/quotas/{Uri.EscapeDataString(args.Words[1])}",
        "quotas" or "holds" or "lanes" or "reputation" or "approvals" or "rejections" or "audit" => $"/v1/{args.Words[0]}",
        var other => throw new CliException($"--json works with read commands only, not '{other}'"),
    };

    HttpClient Http(CliArgs args)
    {
        var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.BaseAddress = new Uri(Setting(args, "url", "QUEUE_URL", "http://127.0.0.1:5090"));
        http.Timeout = TimeSpan.FromSeconds(30);
        if ((args.Option("key") ?? environment("QUEUE_API_KEY")) is { Length: > 0 } key)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return http;
    }

    string Setting(CliArgs args, string option, string variable, string fallback) =>
        args.Option(option) ?? (environment(variable) is { Length: > 0 } value ? value : fallback);
}
