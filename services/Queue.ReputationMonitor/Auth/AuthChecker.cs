using Queue.Reputation.Status;
using Queue.ReputationMonitor.Blocklists;
using Queue.ReputationMonitor.Dns;

namespace Queue.ReputationMonitor.Auth;

/// <summary>
/// The DNS records receivers look at before they trust mail from us: SPF, DKIM, DMARC and MX for each domain,
/// PTR and forward-confirmed reverse DNS for each sending IP. A failed lookup gives Unknown, never Fail.
/// </summary>
public sealed class AuthChecker(IDnsClient dns, TargetSet targets, TimeProvider clock)
{
    /// <summary>Enough PTR names to find the confirming one; more is a misconfiguration in itself.</summary>
    const int MaxPtrNames = 5;

    public async Task<IReadOnlyList<AuthCheckStatus>> RunAsync(CancellationToken cancellationToken)
    {
        var results = new List<AuthCheckStatus>();
        foreach (var domain in targets.Domains.Select(d => d.Value))
        {
            results.Add(Status(domain, AuthCheckNames.Spf, await TextsAsync(domain, SpfRule.Evaluate, cancellationToken)));
            results.Add(Status(domain, AuthCheckNames.Dmarc, await TextsAsync($"_dmarc.{domain}", DmarcRule.Evaluate, cancellationToken)));
            results.Add(Status(domain, AuthCheckNames.Mx, await MxAsync(domain, cancellationToken)));
            foreach (var selector in targets.DkimSelectors)
            {
                results.Add(Status(domain, AuthCheckNames.Dkim(selector),
                    await TextsAsync($"{selector}._domainkey.{domain}", DkimRule.Evaluate, cancellationToken)));
            }
        }

        foreach (var address in targets.Addresses)
        {
            var (ptr, fcrdns) = await ReverseAsync(address, cancellationToken);
            results.Add(Status(address.Value, AuthCheckNames.Ptr, ptr));
            results.Add(Status(address.Value, AuthCheckNames.Fcrdns, fcrdns));
        }

        return results;
    }

    async Task<AuthVerdict> TextsAsync(string name, Func<IEnumerable<string>, AuthVerdict> rule, CancellationToken cancellationToken)
    {
        var lookup = await dns.QueryAsync($"{name}.", DnsRecordType.TXT, cancellationToken);
        return lookup.IsDefinite ? rule(lookup.Records(DnsRecordType.TXT).Select(r => r.Text)) : AuthVerdict.Unknown(lookup.Problem);
    }

    async Task<AuthVerdict> MxAsync(string domain, CancellationToken cancellationToken)
    {
        var lookup = await dns.QueryAsync($"{domain}.", DnsRecordType.MX, cancellationToken);
        if (!lookup.IsDefinite)
        {
            return AuthVerdict.Unknown(lookup.Problem);
        }

        var exchanges = lookup.Records(DnsRecordType.MX).OrderBy(r => r.Preference).ToList();
        return exchanges.Count == 0 ? AuthVerdict.Fail("no MX record")
            : exchanges.All(r => string.IsNullOrEmpty(r.Target)) ? AuthVerdict.Fail("null MX (RFC 7505): the domain takes no mail")
            : AuthVerdict.Pass(string.Join(", ", exchanges.Select(r => $"{r.Preference} {r.Target}")));
    }

    /// <summary>PTR names of the address, then whether one of them resolves back to it (FCrDNS).</summary>
    async Task<(AuthVerdict Ptr, AuthVerdict Fcrdns)> ReverseAsync(Target address, CancellationToken cancellationToken)
    {
        var ip = address.Address!;
        var lookup = await dns.QueryAsync(QueryNames.Reverse(ip), DnsRecordType.PTR, cancellationToken);
        if (!lookup.IsDefinite)
        {
            return (AuthVerdict.Unknown(lookup.Problem), AuthVerdict.Unknown("no PTR answer to confirm"));
        }

        var names = lookup.Records(DnsRecordType.PTR).Select(r => r.Target!).Where(n => n.Length > 0).Distinct().Take(MaxPtrNames).ToList();
        if (names.Count == 0)
        {
            return (AuthVerdict.Fail("no PTR record"), AuthVerdict.Fail("no PTR record to confirm"));
        }

        var ptr = AuthVerdict.Pass(string.Join(", ", names));
        var type = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? DnsRecordType.A : DnsRecordType.AAAA;
        string? problem = null;
        foreach (var name in names)
        {
            var forward = await dns.QueryAsync($"{name}.", type, cancellationToken);
            if (forward.Records(type).Any(r => r.Address!.Equals(ip)))
            {
                return (ptr, AuthVerdict.Pass($"{name} resolves back to {ip}"));
            }

            problem ??= forward.IsDefinite ? null : forward.Problem;
        }

        return (ptr, problem is null
            ? AuthVerdict.Fail($"{string.Join(", ", names)} does not resolve back to {ip}")
            : AuthVerdict.Unknown($"forward lookup failed: {problem}"));
    }

    AuthCheckStatus Status(string target, string check, AuthVerdict verdict) => new()
    {
        Target = target, Check = check, Outcome = verdict.Outcome, Detail = verdict.Detail, CheckedAt = clock.GetUtcNow(),
    };
}
