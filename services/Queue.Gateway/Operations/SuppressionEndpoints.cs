using Queue.Gateway.Auth;
using Queue.Sending.Accounts;
using Queue.Sending.Policy;
using Queue.Sending.Validation;
using SuppressionReason = Queue.Sending.Policy.SuppressionReason;
using SuppressionScope = Queue.Sending.Policy.SuppressionScope;

namespace Queue.Gateway.Operations;

/// <summary>
/// The suppression list through the ops API: read with the read scope; added to and removed from with the operate
/// scope, each change audited. Bounces and complaints add to it by themselves (the dispatcher's bounce reader).
/// </summary>
public static class SuppressionEndpoints
{
    public static void MapSuppressions(this IEndpointRouteBuilder api)
    {
        api.MapGet("/suppressions", ListAsync).RequireAuthorization(ScopePolicies.Read)
            .WithSummary("Suppressed addresses with reason, source report, date and end; filter by domain and address");
        api.MapPost("/suppressions", AddAsync).RequireAuthorization(ScopePolicies.Operate)
            .WithSummary("Suppress an address by hand, with a reason; optional until and mass-only");
        api.MapDelete("/suppressions/{address}", RemoveAsync).RequireAuthorization(ScopePolicies.Operate)
            .WithSummary("Take an address off the suppression list (every reason), e.g. after the recipient fixed their mailbox");
    }

    static async Task<IResult> ListAsync(SuppressionList suppressions, SenderDirectory senders, TimeProvider clock, string? domain, string? address, bool? all)
    {
        if (domain is not null && !Domains(senders).Contains(domain.Trim().ToLowerInvariant()))
        {
            return UnknownDomain(domain, senders);
        }

        var entries = await suppressions.ListAsync(domain?.Trim(), address?.Trim());
        var now = clock.GetUtcNow();
        return Results.Ok((all == true ? entries : entries.Where(e => e.InForce(now))).Select(e => e.ToView()).ToList());
    }

    static async Task<IResult> AddAsync(SuppressRequest body, HttpContext http, SuppressionList suppressions, SenderDirectory senders, OperationsAudit audit, TimeProvider clock)
    {
        var errors = new Dictionary<string, string[]>();
        string? address = null;
        if (Mailbox.TryParse(body.Address ?? "", out var mailbox, out var error))
        {
            address = mailbox.Address.ToLowerInvariant();
        }
        else
        {
            errors["address"] = [$"is not an e-mail address: {error.Message}"];
        }

        if (string.IsNullOrWhiteSpace(body.Reason))
        {
            errors["reason"] = ["is required: say why this address gets no mail"];
        }

        if (body.Until is { } until && until <= clock.GetUtcNow())
        {
            errors["until"] = ["must be in the future"];
        }

        var domain = DomainOf(body.Domain, senders, errors);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "The suppression is invalid");
        }

        var by = http.User.Actor(body.By);
        var scope = body.MassOnly == true ? SuppressionScope.MassMail : SuppressionScope.AllMail;
        var entry = new Suppression(domain!, address!, SuppressionReason.Operator, scope, "operator", by, clock.GetUtcNow(), body.Until, body.Reason!.Trim());
        await suppressions.AddAsync(entry);
        await audit.RecordAsync("suppress", $"{address} ({domain})", by, $"{scope}: {body.Reason.Trim()}{(body.Until is { } u ? $" (until {u:O})" : "")}");
        return Results.Created($"/v1/suppressions?domain={domain}&address={Uri.EscapeDataString(address!)}", entry.ToView());
    }

    static async Task<IResult> RemoveAsync(string address, string? domain, string? by, HttpContext http, SuppressionList suppressions, SenderDirectory senders, OperationsAudit audit)
    {
        var errors = new Dictionary<string, string[]>();
        var sending = DomainOf(domain, senders, errors);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "The removal is invalid");
        }

        var actor = http.User.Actor(by);
        if (!await suppressions.RemoveAsync(sending!, address.Trim()))
        {
            return Problems.Result(StatusCodes.Status404NotFound, "Not suppressed", $"{address} is not on the suppression list of {sending}");
        }

        await audit.RecordAsync("unsuppress", $"{address.Trim().ToLowerInvariant()} ({sending})", actor, null);
        return Results.NoContent();
    }

    static string? DomainOf(string? domain, SenderDirectory senders, Dictionary<string, string[]> errors)
    {
        var known = Domains(senders);
        if (string.IsNullOrWhiteSpace(domain))
        {
            if (known.Count == 1)
            {
                return known.Single();
            }

            errors["domain"] = [$"is required: Queue sends from {string.Join(", ", known)}"];
            return null;
        }

        if (!known.Contains(domain.Trim().ToLowerInvariant()))
        {
            errors["domain"] = [$"{domain} is not a domain Queue sends from ({string.Join(", ", known)})"];
            return null;
        }

        return domain.Trim().ToLowerInvariant();
    }

    static IReadOnlySet<string> Domains(SenderDirectory senders) => senders.All.Select(s => s.Domain.ToLowerInvariant()).ToHashSet();

    static IResult UnknownDomain(string domain, SenderDirectory senders) =>
        Problems.Result(StatusCodes.Status404NotFound, "No such sending domain", $"{domain} is not a domain Queue sends from ({string.Join(", ", Domains(senders))})");
}
