using MassTransit;
using Microsoft.Extensions.Options;
using Queue.Bounces;
using Queue.Contracts;
using Queue.Dispatching.Telemetry;
using Queue.Sending.Accounts;
using Queue.Sending.Bounces;
using Queue.Sending.Policy;

namespace Queue.Dispatching.Bounces;

/// <summary>
/// Acts on a report read from the bounce mailbox: suppresses the recipient (hard bounce; repeated soft bounces
/// for a while; a complaint for mass mail), counts it for the account's rates, announces it, once.
/// </summary>
public sealed class BounceProcessor(
    BounceLedger ledger, SenderDirectory senders, IBus bus, DispatcherMetrics metrics, BounceRateWatch rates,
    IOptions<BounceOptions> options, TimeProvider clock, ILogger<BounceProcessor> logger)
{
    BounceOptions Settings => options.Value;

    /// <returns>Null when done (now or before); otherwise why the report cannot be acted on.</returns>
    public async Task<string?> ProcessAsync(BounceReport report, string reportKey, CancellationToken cancellationToken)
    {
        var sent = await ledger.SentAsync(report.RequestId);
        var account = sent?.Account
            ?? (report.OriginalSender is { } from && senders.TryGet(from, out var sender) ? sender.Address.ToLowerInvariant() : null);
        if (account is null)
        {
            return $"request {report.RequestId} (tied by {report.TiedBy}) is not a message Queue sent in the last {Settings.SentRetention.TotalDays:0} days";
        }

        var recipients = report.Recipients.ToList();
        if (recipients.Count == 0 && sent?.Recipients is [var only])
        {
            recipients.Add(new BouncedRecipient(only, BounceClass.Complaint, null, null));
        }

        if (recipients.Count == 0)
        {
            return $"a report about request {report.RequestId} that names no recipient, and the message had {sent?.Recipients.Count ?? 0}";
        }

        var domain = BounceLedger.DomainOf(account);
        var now = clock.GetUtcNow();
        var source = report.ReportId ?? reportKey;
        var suppress = new List<Suppression>();
        foreach (var r in recipients)
        {
            var detail = string.Join(" ", new[] { r.Status, r.Diagnostic }.Where(s => !string.IsNullOrWhiteSpace(s))) is { Length: > 0 } d ? d : null;
            switch (r.Class)
            {
                case BounceClass.Hard:
                    suppress.Add(new Suppression(domain, r.Address, SuppressionReason.HardBounce, SuppressionScope.AllMail, source, "bounce-reader", now, null, detail));
                    break;
                case BounceClass.Soft when await ledger.SoftBouncesAsync(domain, r.Address, Settings.SoftBounceWindow, reportKey) + 1 >= Settings.SoftBounceLimit:
                    suppress.Add(new Suppression(domain, r.Address, SuppressionReason.SoftBounces, SuppressionScope.AllMail, source, "bounce-reader", now, now + Settings.SoftSuppressionFor,
                        $"{Settings.SoftBounceLimit} soft bounces within {Settings.SoftBounceWindow.TotalDays:0} days; last: {detail}"));
                    break;
                case BounceClass.Complaint:
                    suppress.Add(new Suppression(domain, r.Address, SuppressionReason.Complaint, SuppressionScope.MassMail, source, "bounce-reader", now, null, report.FeedbackType));
                    break;
            }
        }

        var commit = await ledger.CommitAsync(domain, reportKey, account, recipients.Select(r => (r.Address, r.Class)).ToList(), suppress, Settings.SoftBounceWindow);
        if (commit == ReportCommit.Announced)
        {
            logger.LogInformation("Report {ReportKey} was acted on before", reportKey);
            return null;
        }

        var suppressed = suppress.Select(s => s.Address).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var r in recipients)
        {
            if (commit == ReportCommit.Applied)
            {
                metrics.Reported(account, r.Class);
            }

            logger.LogInformation("{Class} report for {RequestId} to {Recipient} ({Status}){Suppressed}", r.Class, report.RequestId, r.Address, r.Status ?? r.Diagnostic, suppressed.Contains(r.Address) ? ": suppressed" : "");
            if (r.Class == BounceClass.Complaint)
            {
                await bus.Publish(new EmailComplained
                {
                    RequestId = report.RequestId, From = account, Recipient = r.Address, FeedbackType = report.FeedbackType ?? "abuse", ReportedBy = report.ReportedBy,
                    Suppressed = suppressed.Contains(r.Address), ReportId = source, ReportedAt = now,
                }, cancellationToken);
            }
            else if (r.Class != BounceClass.AutoReply)
            {
                await bus.Publish(new EmailBounced
                {
                    RequestId = report.RequestId, From = account, Recipient = r.Address, Class = r.Class, Status = r.Status, Diagnostic = r.Diagnostic,
                    Suppressed = suppressed.Contains(r.Address), ReportId = source, ReportedAt = now,
                }, cancellationToken);
            }
        }

        await ledger.MarkAnnouncedAsync(domain, reportKey);
        await rates.CheckAsync(cancellationToken);
        return null;
    }
}
