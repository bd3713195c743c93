using Queue.ApiKeys;
using StackExchange.Redis;

namespace Queue.Ctl;

/// <summary>Parses the command line and runs one command; the exit code is a <see cref="CliExit"/>.</summary>
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
          queuectl approve REQUEST-ID [--comment TEXT] [--by NAME] [--advised-by mayors-office,human-resources,information-systems]
          queuectl deny REQUEST-ID --reason TEXT [--by NAME]
          queuectl status REQUEST-ID                      state and history of a request
          queuectl cancel REQUEST-ID --reason TEXT [--by NAME]   cancel a request not sent yet (waiting or held)
          queuectl dead-letters                           requests set aside: unreadable or of an unknown type
          queuectl dead-letters republish|purge [--reason unreadable|unknown-type] [--id MESSAGE-ID] [--by NAME]
          queuectl rejections                             latest rejections
          queuectl audit                                  who paused, resumed, approved, denied, suppressed
          queuectl bounces                                bounce and complaint rates per account over 24 h
          queuectl suppressions list [--domain D] [--address A] [--all]   suppressed addresses (--all: lapsed too)
          queuectl suppressions add ADDRESS --reason TEXT [--domain D] [--mass-only] [--until ISO-TIME] [--by NAME]
          queuectl suppressions remove ADDRESS [--domain D] [--by NAME]
          queuectl settings [show]                        shared settings in force and their version
          queuectl settings set FILE --reason TEXT [--version N] [--by NAME]   replace them (FILE: the document `show` prints)
          queuectl settings history                       who changed the shared settings, when and why
          queuectl send FILE.json                         submit a SendEmail as an application would
          queuectl keys create --app NAME --scopes send,read,operate,approve [--note TEXT]
          queuectl keys list
          queuectl keys revoke KEY-ID

        Options: --url (QUEUE_URL, default http://127.0.0.1:5090), --key (QUEUE_API_KEY), --json (raw answer).
        keys commands use Redis directly: --redis (QUEUE_REDIS, default localhost:6379), --prefix (QUEUE_REDIS_PREFIX, default queue).
        --advised-by is required to approve information from a partner entity (category PartnerEntity).

        Exit codes: 0 done; 1 usage (unknown command, missing or invalid argument, unreadable file); 2 refused by the
        gateway or the key store (its own words are printed); 3 gateway or Redis unreachable; 4 anything else.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> argv)
    {
        var args = new CliArgs(argv);
        if (args.Words.Count == 0 || args.Flag("help"))
        {
            output.WriteLine(Usage);
            return (int)(args.Flag("help") ? CliExit.Done : CliExit.Usage);
        }

        try
        {
            if (args.Words[0] == "keys")
            {
                using var redis = await ConnectionMultiplexer.ConnectAsync(Setting(args, "redis", "QUEUE_REDIS", "localhost:6379"));
                await new KeyCommands(new ApiKeyStore(redis, Setting(args, "prefix", "QUEUE_REDIS_PREFIX", "queue"), TimeProvider.System), output).RunAsync(args);
                return (int)CliExit.Done;
            }

            using var http = Http(args);
            if (args.Flag("json"))
            {
                output.WriteLine(Json.Pretty(await new GatewayClient(http).GetAsync(RawPath(args))));
                return (int)CliExit.Done;
            }

            await RunApiAsync(args, new GatewayClient(http));
            return (int)CliExit.Done;
        }
        catch (CliException e)
        {
            return Fail(e.Exit, e.Message);
        }
        catch (Exception e) when (e is HttpRequestException or RedisConnectionException or TaskCanceledException)
        {
            return Fail(CliExit.Unreachable, $"cannot reach {(args.Words[0] == "keys" ? "Redis" : "the gateway")}: {OneLine(e.Message)}");
        }
        catch (Exception e)
        {
            // A bug or a server answering nonsense: still one line, never a stack trace.
            return Fail(CliExit.Failed, $"{e.GetType().Name}: {OneLine(e.Message)}");
        }
    }

    int Fail(CliExit exit, string message)
    {
        error.WriteLine($"queuectl: {message}");
        return (int)exit;
    }

    static string OneLine(string text) => text.ReplaceLineEndings(" ");

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
            "bounces" => operations.BouncesAsync(),
            "suppressions" => operations.SuppressionsAsync(args),
            "settings" => new SettingsCommands(gateway, output).RunAsync(args),
            "approvals" => requests.ApprovalsAsync(),
            "approve" => requests.ApproveAsync(args),
            "deny" => requests.DenyAsync(args),
            "status" => requests.StatusAsync(args),
            "cancel" => requests.CancelAsync(args),
            "dead-letters" => operations.DeadLettersAsync(args),
            "rejections" => requests.RejectionsAsync(),
            "send" => requests.SendAsync(args),
            var unknown => throw CliException.Usage($"unknown command '{unknown}'; see queuectl --help"),
        };
    }

    /// <summary>With --json a read command prints the gateway's answer as it is.</summary>
    static string RawPath(CliArgs args) => args.Words[0] switch
    {
        "status" => $"/v1/messages/{args.Word(1, "REQUEST-ID")}",
        "quotas" when args.Words.Count > 1 => $"/v1/quotas/{Uri.EscapeDataString(args.Words[1])}",
        "quotas" or "holds" or "lanes" or "reputation" or "approvals" or "rejections" or "audit" or "bounces" or "suppressions" or "dead-letters" or "settings" => $"/v1/{args.Words[0]}",
        var other => throw CliException.Usage($"--json works with read commands only, not '{other}'"),
    };

    HttpClient Http(CliArgs args)
    {
        var url = Setting(args, "url", "QUEUE_URL", "http://127.0.0.1:5090");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
        {
            throw CliException.Usage($"--url (QUEUE_URL) '{url}' is not an http(s) URL");
        }

        var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.BaseAddress = baseAddress;
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
