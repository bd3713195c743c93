using Microsoft.Extensions.Options;
using Queue.Contracts;
using Queue.Sending.Validation;

namespace Queue.Sending.Policy;

/// <summary>
/// The rules of circular 004, applied to a valid request before any quota is spent. Pure: the caller brings the
/// suppression list's entries for the request's recipients.
/// </summary>
public sealed class InstitutionalPolicy(IOptionsMonitor<PolicyOptions> options)
{
    PolicyOptions Rules => options.CurrentValue;

    /// <summary>
    /// Mass mail: category Mass, or more recipients than the threshold. Circulars, confidential notices and
    /// notifications are never mass mail: each has its own rule for many recipients.
    /// </summary>
    public bool IsMass(SendEmail request) =>
        request.Category == EmailCategory.Mass
        || (request.Category is not (EmailCategory.Circular or EmailCategory.Confidential or EmailCategory.Notification)
            && Recipients(request).Count > Rules.MassRecipientThreshold);

    /// <param name="approved">A person approved it: the rules that ask for approval are satisfied.</param>
    /// <param name="unsubscribed">Recipients of the request who unsubscribed from mass mail.</param>
    public PolicyDecision Evaluate(SendEmail request, bool approved, IReadOnlySet<string> unsubscribed) =>
        Evaluate(request, approved, RecipientSuppressions.Unsubscribed(unsubscribed));

    /// <param name="approved">A person approved it: the rules that ask for approval are satisfied.</param>
    /// <param name="suppressed">The suppression list's entries in force for the request's recipients.</param>
    public PolicyDecision Evaluate(SendEmail request, bool approved, RecipientSuppressions suppressed)
    {
        var sender = Mailbox.Parse(request.From);
        var violations = new List<RuleViolation>();
        if (!Rules.AllowedDomains.Contains(sender.Domain, StringComparer.OrdinalIgnoreCase))
        {
            violations.Add(Violation(RuleNames.PolicyInstitutionalSender, "from",
                $"{sender.Address} is not an institutional account: official mail goes only from {string.Join(", ", Rules.AllowedDomains)}"));
        }

        if (request.Category == EmailCategory.Circular && !IsOneOf(sender, Rules.SecretariatAccounts))
        {
            violations.Add(Violation(RuleNames.PolicyCircularSecretariat, "from",
                $"circulars, resolutions and administrative acts are sent for internal diffusion from {string.Join(", ", Rules.SecretariatAccounts)}, not from {sender.Address}"));
        }

        var recipients = Recipients(request);
        if (request.Category == EmailCategory.Confidential && recipients.Count > 1 && Rules.Confidential == SplitOrReject.Reject)
        {
            violations.Add(Violation(RuleNames.PolicyConfidentialIndividual, "to",
                $"a confidential notice (legal matters, debts, health) goes to one person at a time, never to a group; it has {recipients.Count} recipients"));
        }

        var mass = IsMass(request);
        var individual = IndividualRule(request, recipients.Count);
        if (!mass)
        {
            // Not dropped silently: the department learns the address bounced (or was suppressed) and fixes its records.
            violations.AddRange(recipients.Select(r => (Recipient: r, Entry: suppressed.FromAll(r.Address))).Where(x => x.Entry is not null).Select(x =>
                Violation(RuleNames.RecipientSuppressed, "to",
                    $"{x.Recipient.Address} is on the suppression list ({Describe(x.Entry!)}); mail to it is not sent")));
        }

        if (!mass && individual is null && recipients.Count > Rules.MaxRecipientsPerMessage && Rules.OversizeEnvelopes == SplitOrReject.Reject)
        {
            violations.Add(Violation(RuleNames.PolicyRecipientsPerMessage, "to",
                $"{recipients.Count} recipients, more than the {Rules.MaxRecipientsPerMessage} one message may carry"));
        }

        if (violations.Count > 0)
        {
            return new PolicyRejected(violations);
        }

        var fromOffice = IsOneOf(sender, Rules.CommunicationsOffice);
        if (!approved)
        {
            var holds = new List<(string Rule, string Reason)>();
            if (request.Category == EmailCategory.Commercial)
            {
                holds.Add((RuleNames.PolicyCommercialApproval, "commercial or advertising mail needs the approval of the Mayor's office or the communications office"));
            }

            if (request.Category == EmailCategory.PartnerEntity)
            {
                holds.Add((RuleNames.PolicyPartnerEntity,
                    $"information from other public or partner entities reaches staff only through the communications office ({Rules.CommunicationsOffice[0]}), advised by the Mayor's office, Human Resources or Information Systems"));
            }

            if (mass && !fromOffice)
            {
                holds.Add((RuleNames.PolicyMassCommunicationsOffice,
                    $"mass communications go through the communications office ({Rules.CommunicationsOffice[0]}); it must approve this request"));
            }

            if (request.Category == EmailCategory.Confidential && Rules.ConfidentialApproval && recipients.Count > Rules.ConfidentialApprovalThreshold && !fromOffice)
            {
                holds.Add((RuleNames.PolicyConfidentialApproval,
                    $"a confidential notice to {recipients.Count} people (more than {Rules.ConfidentialApprovalThreshold}) needs the communications office's approval"));
            }

            if (holds.Count > 0)
            {
                return new PolicyHeld(holds[0].Rule, string.Join("; ", holds.Select(h => $"{h.Rule}: {h.Reason}")));
            }
        }

        if ((mass || request.Category == EmailCategory.PartnerEntity) && !fromOffice)
        {
            // Approved mass mail and partner entities' information go out from the communications office; answers
            // reach the department that asked.
            request = request with { From = Rules.CommunicationsOffice[0], ReplyTo = [sender.Address] };
        }

        if (individual is not null)
        {
            return Split(request, recipients, individual, []);
        }

        if (mass)
        {
            var kept = recipients.Where(r => !suppressed.FromMass(r.Address)).ToList();
            var dropped = recipients.Where(r => suppressed.FromMass(r.Address)).Select(r => r.Address).ToList();
            if (kept.Count == 0)
            {
                return new PolicyRejected([Violation(RuleNames.PolicySuppressed, "to", "every recipient unsubscribed from mass mail or is on the suppression list")]);
            }

            // One message per person: each carries its own one-click unsubscribe link (RFC 8058).
            return Split(request with { Category = EmailCategory.Mass }, kept, RuleNames.PolicyMassUnsubscribe, dropped);
        }

        if (recipients.Count > Rules.MaxRecipientsPerMessage)
        {
            return Chunk(request, recipients);
        }

        return new PolicyProceed([request], null, []);
    }

    /// <summary>
    /// The rule that sends the request one message per recipient, if any: a confidential notice to several people
    /// (nobody may see another's matter), a notification to more than the mass threshold (each person's notice
    /// addressed to that person, no list of addresses shown to all, no unsubscribe link: it is not mass mail).
    /// </summary>
    string? IndividualRule(SendEmail request, int recipients) => request.Category switch
    {
        EmailCategory.Confidential when recipients > 1 => RuleNames.PolicyConfidentialIndividual,
        EmailCategory.Notification when recipients > Rules.MassRecipientThreshold => RuleNames.PolicyNotificationIndividual,
        _ => null,
    };

    /// <summary>One message per recipient, addressed to that recipient alone: nobody else is visible in it.</summary>
    static PolicyProceed Split(SendEmail request, IReadOnlyList<Mailbox> recipients, string rule, IReadOnlyList<string> suppressed)
    {
        var parts = recipients
            .Select(r => request with { RequestId = DerivedRequestIds.For(request.RequestId, r.Address), To = [r.ToString()], Cc = [], Bcc = [] })
            .ToList();
        return new PolicyProceed(parts, rule, suppressed);
    }

    /// <summary>Envelopes of at most the allowed recipients; each recipient keeps its To, Cc or Bcc role.</summary>
    PolicyProceed Chunk(SendEmail request, IReadOnlyList<Mailbox> recipients)
    {
        var roles = new Dictionary<string, char>(StringComparer.OrdinalIgnoreCase);
        foreach (var (role, list) in new[] { ('t', request.To), ('c', request.Cc), ('b', request.Bcc) })
        {
            foreach (var entry in list)
            {
                roles.TryAdd(Mailbox.Parse(entry).Address, role);
            }
        }

        var parts = recipients.Chunk(Rules.MaxRecipientsPerMessage).Select((chunk, i) => request with
        {
            RequestId = DerivedRequestIds.For(request.RequestId, $"envelope-{i}"),
            To = chunk.Where(m => roles[m.Address] == 't').Select(m => m.ToString()).ToList(),
            Cc = chunk.Where(m => roles[m.Address] == 'c').Select(m => m.ToString()).ToList(),
            Bcc = chunk.Where(m => roles[m.Address] == 'b').Select(m => m.ToString()).ToList(),
        }).ToList();
        return new PolicyProceed(parts, RuleNames.PolicyRecipientsPerMessage, []);
    }

    /// <summary>Distinct recipients in order, To before Cc before Bcc.</summary>
    public static IReadOnlyList<Mailbox> Recipients(SendEmail request)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        return request.To.Concat(request.Cc).Concat(request.Bcc).Select(Mailbox.Parse).Where(m => seen.Add(m.Address)).ToList();
    }

    static string Describe(Suppression entry) =>
        $"{entry.Reason} since {entry.At:yyyy-MM-dd}{(entry.Until is { } until ? $" until {until:yyyy-MM-dd}" : "")}{(entry.Detail is { Length: > 0 } d ? $": {d}" : "")}";

    static bool IsOneOf(Mailbox sender, IEnumerable<string> accounts) => accounts.Contains(sender.Address, StringComparer.OrdinalIgnoreCase);

    static RuleViolation Violation(string rule, string field, string message) => new() { Rule = rule, Field = field, Message = message };
}
