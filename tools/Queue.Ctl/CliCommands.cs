using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using Queue.ApiKeys;
using Queue.Contracts;
using StackExchange.Redis;

namespace Queue.Ctl;

/// <summary>queuectl's commands, options and arguments, each wired to the command class that runs it.</summary>
public sealed class CliCommands
{
    const string DefaultUrl = "http://127.0.0.1:5090";

    /// <summary>The gateway's names of who may advise (ApprovalAdvisor in Queue.Contracts), by their command-line spelling.</summary>
    static readonly Dictionary<string, ApprovalAdvisor> AdviserNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mayors-office"] = ApprovalAdvisor.MayorsOffice, ["human-resources"] = ApprovalAdvisor.HumanResources, ["information-systems"] = ApprovalAdvisor.InformationSystems,
    };

    readonly TextWriter output;
    readonly Func<string, string?> environment;
    readonly HttpMessageHandler? handler;

    readonly Option<string> url = new("--url") { Description = $"the gateway (QUEUE_URL, default {DefaultUrl})", Recursive = true };
    readonly Option<string> key = new("--key") { Description = "the API key (QUEUE_API_KEY)", Recursive = true };
    readonly Option<string> redis = new("--redis") { Description = "keys commands: Redis (QUEUE_REDIS, default localhost:6379)", Recursive = true };
    readonly Option<string> prefix = new("--prefix") { Description = "keys commands: the key prefix (QUEUE_REDIS_PREFIX, default queue)", Recursive = true };
    readonly Command keys = new("keys", "API keys, straight in the gateway's Redis (no key needed)");

    public CliCommands(TextWriter output, Func<string, string?> environment, HttpMessageHandler? handler = null)
    {
        this.output = output;
        this.environment = environment;
        this.handler = handler;
        Root = new RootCommand("queuectl: operate Queue through its gateway.") { url, key };
        var help = Root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithEpilogue((SynchronousCommandLineAction)help.Action!);

        AddOperations();
        AddRequests();
        AddSuppressions();
        AddSettings();
        AddKeys();
    }

    public RootCommand Root { get; }

    /// <summary>Whether the command parsed talks to Redis (keys) rather than the gateway: what "unreachable" names.</summary>
    public bool UsesRedis(ParseResult parsed)
    {
        for (SymbolResult? r = parsed.CommandResult; r is not null; r = r.Parent)
        {
            if (r is CommandResult { Command: var command } && command == keys)
            {
                return true;
            }
        }

        return false;
    }

    void AddOperations()
    {
        var account = new Argument<string?>("ACCOUNT") { Description = "one sender account; all of them when left out", Arity = ArgumentArity.ZeroOrOne };
        var quotas = new Command("quotas", "quota use per account and limit, and warm-up ramps") { account };
        Read(quotas, r => r.GetValue(account) is { } a ? $"/v1/quotas/{Uri.EscapeDataString(a)}" : "/v1/quotas", (r, g) => Operations(g).QuotasAsync(r.GetValue(account)));
        Read(new Command("holds", "pauses and blocklist holds in force"), _ => "/v1/holds", (_, g) => Operations(g).HoldsAsync());
        Read(new Command("lanes", "backlog, oldest request, what holds each lane, progress of mass/split requests"), _ => "/v1/lanes", (_, g) => Operations(g).LanesAsync());
        Read(new Command("reputation", "blocklist status per zone and DNS authentication checks"), _ => "/v1/reputation", (_, g) => Operations(g).ReputationAsync());
        Read(new Command("audit", "who paused, resumed, approved, denied, suppressed, changed settings"), _ => "/v1/audit", (_, g) => Operations(g).AuditAsync());
        Read(new Command("bounces", "bounce and complaint rates per account over 24 h"), _ => "/v1/bounces", (_, g) => Operations(g).BouncesAsync());

        var pauseAccount = new Argument<string?>("ACCOUNT") { Description = "the sender account to pause (or --all)", Arity = ArgumentArity.ZeroOrOne };
        var pauseAll = new Option<bool>("--all") { Description = "pause all sending" };
        var pauseReason = Required("--reason", "why sending stops (recorded)");
        var until = Until("when the pause ends by itself (ISO 8601); without it, it lasts until resumed");
        var pauseBy = By();
        var pause = new Command("pause", "pause one account or all sending") { pauseAccount, pauseAll, pauseReason, until, pauseBy };
        Act(pause, (r, g) => Operations(g).PauseAsync(Scope(r.GetValue(pauseAccount), r.GetValue(pauseAll)), r.GetValue(pauseReason)!, r.GetValue(until), r.GetValue(pauseBy)));

        var resumeAccount = new Argument<string?>("ACCOUNT") { Description = "the sender account to resume (or --all)", Arity = ArgumentArity.ZeroOrOne };
        var resumeAll = new Option<bool>("--all") { Description = "lift a pause of all sending" };
        var resumeBy = By();
        var resume = new Command("resume", "lift an operator's pause of one account or of all sending") { resumeAccount, resumeAll, resumeBy };
        Act(resume, (r, g) => Operations(g).ResumeAsync(Scope(r.GetValue(resumeAccount), r.GetValue(resumeAll)), r.GetValue(resumeBy)));

        var deadLetters = new Command("dead-letters", "requests set aside by the intake: unreadable or of an unknown type");
        Read(deadLetters, _ => "/v1/dead-letters", (_, g) => Operations(g).DeadLettersAsync());
        foreach (var (name, description) in new[] { ("republish", "put them back into the intake (after fixing what made them fail)"), ("purge", "drop them for good") })
        {
            var reason = new Option<string>("--reason") { Description = "only those set aside as unreadable or unknown-type" };
            reason.AcceptOnlyFromAmong("unreadable", "unknown-type");
            var id = new Option<string>("--id") { Description = "one message, by the MESSAGE ID listed" };
            var by = By();
            var act = new Command(name, description) { reason, id, by };
            deadLetters.Subcommands.Add(act);
            Act(act, (r, g) => Operations(g).DeadLettersActAsync(name, r.GetValue(reason), r.GetValue(id), r.GetValue(by)), add: false);
        }
    }

    void AddRequests()
    {
        var statusId = RequestId();
        var status = new Command("status", "state and history of a request") { statusId };
        Read(status, r => $"/v1/messages/{r.GetValue(statusId)}", (r, g) => Requests(g).StatusAsync(r.GetValue(statusId)));
        Read(new Command("rejections", "latest rejections"), _ => "/v1/rejections", (_, g) => Requests(g).RejectionsAsync());
        Read(new Command("approvals", "requests held for approval"), _ => "/v1/approvals", (_, g) => Requests(g).ApprovalsAsync());

        var file = new Argument<string>("FILE.json") { Description = "a SendEmail document" };
        Act(new Command("send", "submit a SendEmail as an application would") { file }, (r, g) => Requests(g).SendAsync(r.GetValue(file)!));

        var approveId = RequestId();
        var comment = new Option<string>("--comment") { Description = "a note kept with the decision" };
        var advisedBy = new Option<IReadOnlyList<ApprovalAdvisor>>("--advised-by")
        {
            Description = $"who advised, comma-separated: {string.Join(",", AdviserNames.Keys)} (required for PartnerEntity)",
            CustomParser = Advisers, AllowMultipleArgumentsPerToken = false,
        };
        var approveBy = By();
        Act(new Command("approve", "approve a held request") { approveId, comment, approveBy, advisedBy },
            (r, g) => Requests(g).ApproveAsync(r.GetValue(approveId), r.GetValue(comment), r.GetValue(approveBy), r.GetValue(advisedBy) ?? []));

        var denyId = RequestId();
        var denyReason = Required("--reason", "why (the requester is told)");
        var denyBy = By();
        Act(new Command("deny", "deny a held request") { denyId, denyReason, denyBy }, (r, g) => Requests(g).DenyAsync(r.GetValue(denyId), r.GetValue(denyReason)!, r.GetValue(denyBy)));

        var cancelId = RequestId();
        var cancelReason = Required("--reason", "why (the requester is told)");
        var cancelBy = By();
        Act(new Command("cancel", "cancel a request not sent yet (waiting or held); it ends rejected (operator.cancelled)") { cancelId, cancelReason, cancelBy },
            (r, g) => Requests(g).CancelAsync(r.GetValue(cancelId), r.GetValue(cancelReason)!, r.GetValue(cancelBy)));
    }

    void AddSuppressions()
    {
        var suppressions = new Command("suppressions", "the suppression list: list, add, remove");
        Read(suppressions, _ => OperationsCommands.SuppressionsPath(null, null, false),
            (_, _) => throw CliException.Usage("give a suppressions command: list, add or remove (see queuectl suppressions --help)"));

        var domain = Domain();
        var address = new Option<string>("--address") { Description = "one address" };
        var all = new Option<bool>("--all") { Description = "lapsed suppressions too" };
        var list = new Command("list", "suppressed addresses with reason, source, since and until") { domain, address, all };
        suppressions.Subcommands.Add(list);
        Read(list, r => OperationsCommands.SuppressionsPath(r.GetValue(domain), r.GetValue(address), r.GetValue(all)),
            (r, g) => Operations(g).SuppressionsListAsync(r.GetValue(domain), r.GetValue(address), r.GetValue(all)), add: false);

        var added = new Argument<string>("ADDRESS");
        var reason = Required("--reason", "why this address gets no mail (recorded)");
        var addDomain = Domain();
        var massOnly = new Option<bool>("--mass-only") { Description = "only mass mail leaves it out (otherwise no mail goes to it)" };
        var until = Until("when the suppression lapses (ISO 8601); without it, for good");
        var addBy = By();
        var add = new Command("add", "suppress an address by hand") { added, reason, addDomain, massOnly, until, addBy };
        suppressions.Subcommands.Add(add);
        Act(add, (r, g) => Operations(g).SuppressionsAddAsync(r.GetValue(added)!, r.GetValue(reason)!, r.GetValue(addDomain), r.GetValue(massOnly), r.GetValue(until), r.GetValue(addBy)), add: false);

        var removed = new Argument<string>("ADDRESS");
        var removeDomain = Domain();
        var removeBy = By();
        var remove = new Command("remove", "take an address off the suppression list (every reason)") { removed, removeDomain, removeBy };
        suppressions.Subcommands.Add(remove);
        Act(remove, (r, g) => Operations(g).SuppressionsRemoveAsync(r.GetValue(removed)!, r.GetValue(removeDomain), r.GetValue(removeBy)), add: false);
    }

    void AddSettings()
    {
        var settings = new Command("settings", "the shared settings in force and their version (settings show)");
        Read(settings, _ => "/v1/settings", (_, g) => Settings(g).ShowAsync());
        var show = new Command("show", "the shared settings in force and their version");
        settings.Subcommands.Add(show);
        Read(show, _ => "/v1/settings", (_, g) => Settings(g).ShowAsync(), add: false);

        var file = new Argument<string>("FILE") { Description = "the whole settings document, as `queuectl settings show` prints it" };
        var reason = Required("--reason", "why the settings change (recorded)");
        var version = new Option<long?>("--version")
        {
            Description = "the version FILE is based on (default: the version stored now)",
            CustomParser = r => long.TryParse(r.Tokens[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : Invalid<long?>(r, $"--version must be a number, not '{r.Tokens[0].Value}'"),
        };
        var by = By();
        var set = new Command("set", "replace the shared settings with FILE") { file, reason, version, by };
        settings.Subcommands.Add(set);
        Act(set, (r, g) => Settings(g).SetAsync(r.GetValue(file)!, r.GetValue(reason)!, r.GetValue(version), r.GetValue(by)), add: false);

        var history = new Command("history", "who changed the shared settings, when and why");
        settings.Subcommands.Add(history);
        Read(history, _ => "/v1/settings/history", (_, g) => Settings(g).HistoryAsync(), add: false);
    }

    void AddKeys()
    {
        keys.Options.Add(redis);
        keys.Options.Add(prefix);
        Root.Subcommands.Add(keys);

        var app = Required("--app", "the application (or operator) the key is for");
        var scopes = Required("--scopes", $"comma-separated: {string.Join(",", ApiScopes.All)}");
        var note = new Option<string>("--note") { Description = "what the key is for" };
        var create = new Command("create", "create a key; it is printed once") { app, scopes, note };
        keys.Subcommands.Add(create);
        Keys(create, (r, k) => k.CreateAsync(r.GetValue(app)!, r.GetValue(scopes)!, r.GetValue(note)));

        var list = new Command("list", "keys by id, application, scopes, created, note (never the key)");
        keys.Subcommands.Add(list);
        Keys(list, (_, k) => k.ListAsync());

        var id = new Argument<string>("KEY-ID") { Description = "as keys list shows it" };
        var revoke = new Command("revoke", "revoke a key") { id };
        keys.Subcommands.Add(revoke);
        Keys(revoke, (r, k) => k.RevokeAsync(r.GetValue(id)!));
    }

    /// <summary>A read command: a table, or with --json the gateway's answer as it is.</summary>
    void Read(Command command, Func<ParseResult, string> path, Func<ParseResult, GatewayClient, Task> print, bool add = true)
    {
        var json = new Option<bool>("--json") { Description = "print the gateway's answer as it is (JSON)" };
        command.Options.Add(json);
        Act(command, async (r, gateway) =>
        {
            if (r.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(await gateway.GetAsync(path(r), CtlJson.Default.JsonElement), Pretty));
                return;
            }

            await print(r, gateway);
        }, add);
    }

    static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true };

    void Act(Command command, Func<ParseResult, GatewayClient, Task> run, bool add = true)
    {
        if (add)
        {
            Root.Subcommands.Add(command);
        }

        command.SetAction(async (parsed, _) =>
        {
            using var http = Http(parsed);
            await run(parsed, new GatewayClient(http));
            return (int)CliExit.Done;
        });
    }

    void Keys(Command command, Func<ParseResult, KeyCommands, Task> run) =>
        command.SetAction(async (parsed, _) =>
        {
            using var connection = await ConnectionMultiplexer.ConnectAsync(Setting(parsed.GetValue(redis), "QUEUE_REDIS", "localhost:6379"));
            await run(parsed, new KeyCommands(new ApiKeyStore(connection, Setting(parsed.GetValue(prefix), "QUEUE_REDIS_PREFIX", "queue"), TimeProvider.System), output));
            return (int)CliExit.Done;
        });

    OperationsCommands Operations(GatewayClient gateway) => new(gateway, output);

    RequestCommands Requests(GatewayClient gateway) => new(gateway, output);

    SettingsCommands Settings(GatewayClient gateway) => new(gateway, output);

    HttpClient Http(ParseResult parsed)
    {
        var address = Setting(parsed.GetValue(url), "QUEUE_URL", DefaultUrl);
        if (!Uri.TryCreate(address, UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
        {
            throw CliException.Usage($"--url (QUEUE_URL) '{address}' is not an http(s) URL");
        }

        var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.BaseAddress = baseAddress;
        http.Timeout = TimeSpan.FromSeconds(30);
        if ((parsed.GetValue(key) ?? environment("QUEUE_API_KEY")) is { Length: > 0 } secret)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", secret);
        }

        return http;
    }

    string Setting(string? option, string variable, string fallback) => option ?? (environment(variable) is { Length: > 0 } value ? value : fallback);

    /// <summary>ACCOUNT or --all (null: all sending), never both, never neither.</summary>
    static string? Scope(string? account, bool all) => (account, all) switch
    {
        ({ } option, _) when option.StartsWith('-') => throw CliException.Usage($"'{option}' is not an option of this command nor an account"),
        (null, true) => null,
        ({ } one, false) => one,
        (null, false) => throw CliException.Usage("give ACCOUNT, or --all for all sending"),
        _ => throw CliException.Usage("give ACCOUNT or --all, not both"),
    };

    static Option<string> Required(string name, string description) => new(name) { Description = description, Required = true };

    static Option<string> By() => new("--by") { Description = "who does it (recorded; default: the key's application)" };

    static Option<string> Domain() => new("--domain") { Description = "the sending domain (may be left out where Queue sends from one)" };

    static Argument<Guid> RequestId() => new("REQUEST-ID")
    {
        Description = "the request's id (a GUID)",
        CustomParser = r => Guid.TryParse(r.Tokens[0].Value, out var id) ? id : Invalid<Guid>(r, $"'{r.Tokens[0].Value}' is not a request id (a GUID)"),
    };

    static Option<DateTimeOffset?> Until(string description) => new("--until")
    {
        Description = description,
        CustomParser = r => DateTimeOffset.TryParse(r.Tokens[0].Value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at
            : Invalid<DateTimeOffset?>(r, $"--until '{r.Tokens[0].Value}' is not a time; give ISO 8601, e.g. 2026-11-22T18:00:00-05:00"),
    };

    /// <summary><c>--advised-by mayors-office,human-resources</c> (the contract's names, e.g. HumanResources, are taken too).</summary>
    static IReadOnlyList<ApprovalAdvisor> Advisers(ArgumentResult result)
    {
        var advisers = new List<ApprovalAdvisor>();
        foreach (var name in result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (AdviserNames.TryGetValue(name, out var adviser) || AdviserNames.TryGetValue(Kebab(name), out adviser))
            {
                advisers.Add(adviser);
            }
            else
            {
                return Invalid<IReadOnlyList<ApprovalAdvisor>>(result, $"--advised-by '{name}' is not one of {string.Join(", ", AdviserNames.Keys)}");
            }
        }

        return advisers;
    }

    static string Kebab(string name) => string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? $"-{c}" : $"{c}"));

    static T Invalid<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }
}
