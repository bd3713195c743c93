using System.Text;
using Microsoft.Extensions.Options;
using Queue.Contracts;
using Queue.Sending.Accounts;

namespace Queue.Sending.Validation;

/// <summary>
/// The one validator of <see cref="SendEmail"/>, used by the dispatcher and by HTTP intake alike. It reports
/// every problem it finds, each with its rule and field, and never throws on malformed input.
/// </summary>
public sealed class SendEmailValidator(IOptions<ValidationOptions> options, SenderDirectory senders, TimeProvider clock)
{
    /// <summary>Headers, MIME boundaries and transfer-encoding line breaks, on top of the content itself.</summary>
    const int EnvelopeOverheadBytes = 4096;

    public IReadOnlyList<RuleViolation> Validate(SendEmail request)
    {
        var limits = options.Value;
        var violations = new List<RuleViolation>();
        void Add(string rule, string? field, string message) => violations.Add(new RuleViolation { Rule = rule, Field = field, Message = message });

        if (request.RequestId == Guid.Empty)
        {
            Add(RuleNames.RequestId, "requestId", "is required: a non-empty GUID chosen by the caller, the idempotency key");
        }

        if (!Enum.IsDefined(request.Category))
        {
            Add(RuleNames.UnknownValue, "category", $"'{(int)request.Category}' is not one of {string.Join(", ", Enum.GetNames<EmailCategory>())}");
        }

        if (!Enum.IsDefined(request.Priority))
        {
            Add(RuleNames.UnknownValue, "priority", $"'{(int)request.Priority}' is not one of {string.Join(", ", Enum.GetNames<EmailPriority>())}");
        }

        ValidateSender(request.From, Add);
        var recipients = ValidateRecipients(request, limits, Add);
        ValidateSubject(request.Subject, limits, Add);
        ValidateBody(request, Add);
        var attachmentBytes = ValidateAttachments(request.Attachments ?? [], limits, Add);
        ValidateShortTexts(request, limits, Add);
        ValidateSchedule(request, limits, Add);

        var size = EstimateSize(request, attachmentBytes, recipients);
        if (size > limits.MaxMessageBytes)
        {
            Add(RuleNames.MessageTooLarge, null, $"the message would be about {size:N0} bytes, over the limit of {limits.MaxMessageBytes:N0}");
        }

        return violations;
    }

    void ValidateSender(string? from, Action<string, string?, string> add)
    {
        if (!Mailbox.TryParse(from, out var sender, out var error))
        {
            add(error.Rule, "from", error.Message);
        }
        else if (!senders.TryGet(sender.Address, out _))
        {
            add(RuleNames.SenderUnknown, "from", $"{sender.Address} is not a configured institutional sender account");
        }
    }

    static int ValidateRecipients(SendEmail request, ValidationOptions limits, Action<string, string?, string> add)
    {
        var distinct = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (field, list) in new[] { ("to", request.To), ("cc", request.Cc), ("bcc", request.Bcc) })
        {
            var entries = list ?? [];
            for (var i = 0; i < entries.Count; i++)
            {
                if (Mailbox.TryParse(entries[i], out var mailbox, out var error))
                {
                    distinct.Add(mailbox.Address);
                }
                else
                {
                    add(error.Rule, $"{field}[{i}]", error.Message);
                }
            }
        }

        var replyTo = request.ReplyTo ?? [];
        for (var i = 0; i < replyTo.Count; i++)
        {
            if (!Mailbox.TryParse(replyTo[i], out _, out var error))
            {
                add(error.Rule, $"replyTo[{i}]", error.Message);
            }
        }

        var total = (request.To?.Count ?? 0) + (request.Cc?.Count ?? 0) + (request.Bcc?.Count ?? 0);
        if (total == 0)
        {
            add(RuleNames.RecipientsMissing, "to", "at least one recipient in to, cc or bcc is required");
        }
        else if (distinct.Count > limits.MaxRecipients)
        {
            add(RuleNames.RecipientsTooMany, "to", $"{distinct.Count:N0} distinct recipients, more than the {limits.MaxRecipients:N0} allowed in one request");
        }

        return distinct.Count;
    }

    static void ValidateSubject(string? subject, ValidationOptions limits, Action<string, string?, string> add)
    {
        if (string.IsNullOrWhiteSpace(subject))
        {
            add(RuleNames.SubjectMissing, "subject", "is required");
            return;
        }

        if (TextRules.FindControlCharacter(subject) is { } bad)
        {
            add(RuleNames.HeaderInjection, "subject", $"must be a single line: it contains U+{(int)bad:X4}");
        }

        if (TextRules.HasUnpairedSurrogate(subject))
        {
            add(RuleNames.HeaderInjection, "subject", "contains an unpaired UTF-16 surrogate (not valid Unicode)");
        }

        if (subject.Length > limits.MaxSubjectLength)
        {
            add(RuleNames.SubjectTooLong, "subject", $"{subject.Length} characters, over the limit of {limits.MaxSubjectLength}");
        }
    }

    static void ValidateBody(SendEmail request, Action<string, string?, string> add)
    {
        if (string.IsNullOrWhiteSpace(request.TextBody) && string.IsNullOrWhiteSpace(request.HtmlBody))
        {
            add(RuleNames.BodyMissing, "textBody", "a text or an HTML body is required");
        }

        foreach (var (field, body) in new[] { ("textBody", request.TextBody), ("htmlBody", request.HtmlBody) })
        {
            if (body is null)
            {
                continue;
            }

            if (TextRules.HasNul(body))
            {
                add(RuleNames.BodyInvalid, field, "contains NUL characters, which mail cannot carry");
            }

            if (TextRules.HasUnpairedSurrogate(body))
            {
                add(RuleNames.BodyInvalid, field, "contains an unpaired UTF-16 surrogate (not valid Unicode)");
            }
        }
    }

    static long ValidateAttachments(IReadOnlyList<EmailAttachment?> attachments, ValidationOptions limits, Action<string, string?, string> add)
    {
        if (attachments.Count > limits.MaxAttachments)
        {
            add(RuleNames.AttachmentInvalid, "attachments", $"{attachments.Count} attachments, more than the {limits.MaxAttachments} allowed");
        }

        long bytes = 0;
        for (var i = 0; i < attachments.Count; i++)
        {
            var field = $"attachments[{i}]";
            if (attachments[i] is not { } attachment)
            {
                add(RuleNames.AttachmentInvalid, field, "is null");
                continue;
            }

            var name = attachment.FileName;
            if (string.IsNullOrWhiteSpace(name))
            {
                add(RuleNames.AttachmentInvalid, $"{field}.fileName", "is required");
            }
            else if (TextRules.FindControlCharacter(name) is not null || TextRules.HasUnpairedSurrogate(name))
            {
                add(RuleNames.HeaderInjection, $"{field}.fileName", "contains control characters");
            }
            else if (name.IndexOfAny(['/', '\\', '"']) >= 0 || name.Length > 255)
            {
                add(RuleNames.AttachmentInvalid, $"{field}.fileName", "must be a plain file name without '/', '\\' or '\"', at most 255 characters");
            }

            if (!MediaTypes.IsValid(attachment.ContentType))
            {
                var rule = attachment.ContentType is { } ct && TextRules.FindControlCharacter(ct) is not null ? RuleNames.HeaderInjection : RuleNames.AttachmentInvalid;
                add(rule, $"{field}.contentType", "must be a media type such as application/pdf");
            }

            if (attachment.Content is not { Length: > 0 })
            {
                add(RuleNames.AttachmentInvalid, $"{field}.content", "is empty");
            }
            else
            {
                bytes += attachment.Content.Length;
            }
        }

        return bytes;
    }

    static void ValidateShortTexts(SendEmail request, ValidationOptions limits, Action<string, string?, string> add)
    {
        if (request.Application is { } application)
        {
            CheckShortText("application", application, limits, add);
        }

        var tags = request.Tags ?? [];
        if (tags.Count > limits.MaxTags)
        {
            add(RuleNames.UnknownValue, "tags", $"{tags.Count} tags, more than the {limits.MaxTags} allowed");
        }

        for (var i = 0; i < tags.Count; i++)
        {
            CheckShortText($"tags[{i}]", tags[i] ?? "", limits, add);
        }
    }

    static void CheckShortText(string field, string value, ValidationOptions limits, Action<string, string?, string> add)
    {
        if (TextRules.FindControlCharacter(value) is not null || TextRules.HasUnpairedSurrogate(value))
        {
            add(RuleNames.HeaderInjection, field, "contains control characters");
        }
        else if (value.Length > limits.MaxShortTextLength)
        {
            add(RuleNames.UnknownValue, field, $"is longer than {limits.MaxShortTextLength} characters");
        }
    }

    void ValidateSchedule(SendEmail request, ValidationOptions limits, Action<string, string?, string> add)
    {
        var now = clock.GetUtcNow();
        if (request.ExpiresAt is { } expires && expires <= now)
        {
            add(RuleNames.RequestExpired, "expiresAt", $"expired at {expires:O}, before it could be sent");
        }

        if (request.NotBefore is { } notBefore && notBefore > now + limits.MaxSchedulingHorizon)
        {
            add(RuleNames.RequestNotBeforeTooFar, "notBefore", $"{notBefore:O} is more than {limits.MaxSchedulingHorizon.TotalDays:0} days ahead");
        }

        if (request is { NotBefore: { } from, ExpiresAt: { } until } && until <= from)
        {
            add(RuleNames.RequestExpired, "expiresAt", "is not after notBefore: the request could never be sent");
        }
    }

    static long EstimateSize(SendEmail request, long attachmentBytes, int recipients)
    {
        // Bodies go out quoted-printable or base64 and attachments base64: about 4/3 of their bytes.
        long text = Encoding.UTF8.GetByteCount(request.TextBody ?? "") + Encoding.UTF8.GetByteCount(request.HtmlBody ?? "");
        return (text + attachmentBytes) * 4 / 3 + (request.Subject?.Length ?? 0) * 4 + recipients * 80L + EnvelopeOverheadBytes;
    }
}
