using Queue.ApiKeys;

namespace Queue.Ctl;

/// <summary>
/// <c>keys create|list|revoke</c>, straight on the gateway's Redis: whoever may run this there owns Queue anyway, and it
/// makes the first key without needing one.
/// </summary>
public sealed class KeyCommands(ApiKeyStore keys, TextWriter output)
{
    public async Task CreateAsync(string application, string scopeList, string? note)
    {
        IReadOnlyList<string> scopes;
        try
        {
            scopes = ApiScopes.Parse(scopeList);
        }
        catch (ArgumentException e)
        {
            throw CliException.Usage(e.Message);
        }

        try
        {
            var issued = await keys.CreateAsync(application, scopes, note);
            output.WriteLine($"key {issued.Key.Id} for {issued.Key.Application} with scopes {string.Join(",", issued.Key.Scopes)}:");
            output.WriteLine(issued.Secret);
            output.WriteLine("This is the only time the key is shown; only its SHA-256 is stored.");
        }
        catch (ArgumentException e)
        {
            throw CliException.Usage(e.Message);
        }
    }

    public async Task ListAsync() =>
        TableWriter.Write(output, ["ID", "APPLICATION", "SCOPES", "CREATED", "NOTE"],
            (await keys.ListAsync()).Select(k => (IReadOnlyList<string?>)
                [k.Id, k.Application, string.Join(",", k.Scopes), k.CreatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm"), k.Note]));

    public async Task RevokeAsync(string id) =>
        output.WriteLine(await keys.RevokeAsync(id) ? $"key {id} revoked" : throw new CliException($"no key {id}"));
}
