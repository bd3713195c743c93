using Queue.ApiKeys;

namespace Queue.Ctl;

/// <summary>
/// <c>keys create|list|revoke</c>, straight on the gateway's Redis: whoever may run this there owns Queue anyway, and it
/// makes the first key without needing one.
/// </summary>
public sealed class KeyCommands(ApiKeyStore keys, TextWriter output)
{
    public async Task RunAsync(CliArgs args)
    {
        switch (args.Word(1, "keys command (create, list or revoke)"))
        {
            case "create":
                var application = args.Option("app") ?? throw CliException.Usage("give --app: the application (or operator) the key is for");
                IReadOnlyList<string> scopes;
                try
                {
                    scopes = ApiScopes.Parse(args.Option("scopes") ?? throw CliException.Usage($"give --scopes, a list of {string.Join(",", ApiScopes.All)}"));
                    var issued = await keys.CreateAsync(application, scopes, args.Option("note"));
                    output.WriteLine($"key {issued.Key.Id} for {issued.Key.Application} with scopes {string.Join(",", issued.Key.Scopes)}:");
                    output.WriteLine(issued.Secret);
                    output.WriteLine("This is the only time the key is shown; only its SHA-256 is stored.");
                }
                catch (ArgumentException e)
                {
                    throw CliException.Usage(e.Message);
                }

                break;
            case "list":
                TableWriter.Write(output, ["ID", "APPLICATION", "SCOPES", "CREATED", "NOTE"],
                    (await keys.ListAsync()).Select(k => (IReadOnlyList<string?>)
                        [k.Id, k.Application, string.Join(",", k.Scopes), k.CreatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm"), k.Note]));
                break;
            case "revoke":
                var id = args.Word(2, "KEY-ID (see keys list)");
                output.WriteLine(await keys.RevokeAsync(id) ? $"key {id} revoked" : throw new CliException($"no key {id}"));
                break;
            default:
                throw CliException.Usage($"unknown keys command '{args.Words[1]}'; use create, list or revoke");
        }
    }
}
