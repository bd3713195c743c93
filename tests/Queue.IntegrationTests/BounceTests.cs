using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Queue.Contracts;
using Queue.Dispatching.Bounces;
using Queue.Dispatching.Telemetry;
using Queue.IntegrationTests.Infrastructure;
using Queue.Sending.Bounces;
using Queue.Sending.Control;
using Queue.Sending.Policy;

namespace Queue.IntegrationTests;

/// <summary>A dispatcher reading a bounce mailbox of its own on the real Dovecot; its measurements are listened to.</summary>
public class BounceFixture : DispatcherFixture
{
    readonly string user = $"bounces-{Guid.NewGuid():N}"[..20];
    readonly MeterListener listener = new();

    internal BounceMailbox Mailbox => new(user);

    internal ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> Measurements { get; } = new();

    internal SuppressionList Suppressions => Services.GetRequiredService<SuppressionList>();

    internal BounceLedger Ledger => Services.GetRequiredService<BounceLedger>();

    internal SetAsideReports SetAside => Services.GetRequiredService<SetAsideReports>();

    internal SendingHoldStore Holds => Services.GetRequiredService<SendingHoldStore>();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Bounces:Imap:Host", TestServers.ImapHost),
        new("Bounces:Imap:Port", TestServers.ImapPort.ToString()),
        new("Bounces:Imap:Security", "None"),
        new("Bounces:Imap:User", user),
        new("Bounces:Imap:Password", TestServers.ImapPassword),
        new("Bounces:Imap:ReconnectDelay", "00:00:01"),
        new("Bounces:Pause:MinimumSent", "1"),
    ];

    public override async Task InitializeAsync()
    {
        // The mailbox exists before the reader logs in: Dovecot creates it on the first delivery.
        await Mailbox.DeliverAsync(BounceFixtures.Message("out-of-office", Guid.NewGuid(), "intranet@pasto.gov.co", "nadie@example.org"));
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DispatcherMetrics.MeterName && instrument.Name.Contains("bounce") || instrument.Name.Contains("complaint"))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        listener.Start();
        await base.InitializeAsync();
    }

    void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        Measurements.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));

    /// <summary>The observable gauges, read now.</summary>
    internal void ReadGauges() => listener.RecordObservableInstruments();

    public override async Task DisposeAsync()
    {
        listener.Dispose();
        await base.DisposeAsync();
    }
}

/// <summary>
/// The loop closed on the real servers: a message sent by Queue, a report for it delivered into Dovecot by LMTP,
/// read over IMAP, the recipient suppressed, the next mass mail leaving them out, events and metrics seen.
/// </summary>
public class BounceTests(BounceFixture dispatcher) : IClassFixture<BounceFixture>
{
    static string Person(string tag) => $"{tag}-{Guid.NewGuid():N}"[..20] + "@example.org";

    async Task<SendEmail> SendAsync(string from, string to, EmailCategory category = EmailCategory.Operational)
    {
        var request = DispatcherFixture.Request("Aviso") with { From = from, To = [to], Category = category };
        await dispatcher.PublishAsync(request);
        await dispatcher.Events.WaitForAsync<EmailSent>(request.RequestId);
        return request;
    }

    [Fact]
    public async Task A_hard_bounce_suppresses_the_recipient_and_the_next_mass_mail_leaves_them_out()
    {
        var gone = Person("gone");
        var stays = Person("stays");
        var sent = await SendAsync("soportesistemas@pasto.gov.co", gone);

        var report = BounceFixtures.Message("postfix-dsn", sent.RequestId, "soportesistemas@pasto.gov.co", gone);
        await dispatcher.Mailbox.DeliverAsync(report);

        var bounced = await dispatcher.Events.WaitForAsync<EmailBounced>(sent.RequestId);
        Assert.Equal((gone, BounceClass.Hard, "5.1.1", true, "soportesistemas@pasto.gov.co"), (bounced.Recipient, bounced.Class, bounced.Status, bounced.Suppressed, bounced.From));
        await dispatcher.Mailbox.WaitForAsync("INBOX", report.MessageId, "$QueueProcessed");
        var entry = Assert.Single(await dispatcher.Suppressions.ListAsync("pasto.gov.co", gone));
        Assert.Equal((SuppressionReason.HardBounce, SuppressionScope.AllMail, $"<{report.MessageId}>", null), (entry.Reason, entry.Scope, entry.Source, entry.Until));

        // Measured: counted by class, and the 24-hour rate (1 hard bounce of 1 recipient sent) crosses 5 %: bulk mail paused.
        Assert.Contains(dispatcher.Measurements, m => m.Instrument == "queue.bounces" && Equals(m.Tags["class"], "Hard") && Equals(m.Tags["account"], "soportesistemas@pasto.gov.co"));
        dispatcher.ReadGauges();
        Assert.Contains(dispatcher.Measurements, m => m.Instrument == "queue.bounces.rate" && Equals(m.Tags["class"], "Hard") && Equals(m.Tags["account"], "soportesistemas@pasto.gov.co") && m.Value >= 1);
        var paused = await dispatcher.Events.WaitForAsync<SendingHoldsChanged>(h => h.Source == BounceRateWatch.HardBounceSource && h.Scope == "soportesistemas@pasto.gov.co");
        Assert.True(paused.Held);
        Assert.Contains(await dispatcher.Holds.AllAsync(DateTimeOffset.UtcNow), h => h.Kind == HoldKind.PauseBulk && h.Source == BounceRateWatch.HardBounceSource);

        // The next mass mail leaves them out; a confidential notice to them is rejected, not dropped.
        var mass = DispatcherFixture.Request("Boletín tras rebote") with { From = "intranet@pasto.gov.co", Category = EmailCategory.Mass, To = [gone, stays] };
        await dispatcher.PublishAsync(mass);
        var split = await dispatcher.Events.WaitForAsync<EmailSplit>(mass.RequestId);
        Assert.Equal([gone], split.Suppressed);
        await dispatcher.Events.WaitForAsync<EmailSent>(Assert.Single(split.Parts).RequestId);
        Assert.Equal([stays], (await dispatcher.Sink.WithSubjectAsync(mass.Subject)).Single().To);

        var notice = DispatcherFixture.Request("Notificación de cobro") with { From = "secretarias@pasto.gov.co", Category = EmailCategory.Confidential, To = [gone] };
        await dispatcher.PublishAsync(notice);
        var rejected = await dispatcher.Events.WaitForAsync<EmailRejected>(notice.RequestId);
        Assert.Equal(RuleNames.RecipientSuppressed, Assert.Single(rejected.Violations).Rule);

        // The same report again (a second copy, another replica's reading): acted on once.
        await dispatcher.Mailbox.DeliverAsync(report);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await dispatcher.Mailbox.WaitForAsync("INBOX", report.MessageId, "$QueueProcessed");
        Assert.Single(dispatcher.Events.All<EmailBounced>(), b => b.RequestId == sent.RequestId);
        Assert.Equal(1, (await dispatcher.Ledger.WindowAsync("soportesistemas@pasto.gov.co")).Count(BounceClass.Hard));
    }

    [Fact]
    public async Task A_complaint_suppresses_the_recipient_for_mass_mail_only()
    {
        var annoyed = Person("annoyed");
        var sent = await SendAsync("secretarias@pasto.gov.co", annoyed);

        await dispatcher.Mailbox.DeliverAsync(BounceFixtures.Message("arf-complaint", sent.RequestId, "secretarias@pasto.gov.co", annoyed));

        var complained = await dispatcher.Events.WaitForAsync<EmailComplained>(sent.RequestId);
        Assert.Equal((annoyed, "abuse", true), (complained.Recipient, complained.FeedbackType, complained.Suppressed));
        var entry = Assert.Single(await dispatcher.Suppressions.ListAsync("pasto.gov.co", annoyed));
        Assert.Equal((SuppressionReason.Complaint, SuppressionScope.MassMail), (entry.Reason, entry.Scope));
        Assert.Contains(dispatcher.Measurements, m => m.Instrument == "queue.complaints" && Equals(m.Tags["account"], "secretarias@pasto.gov.co"));
        await dispatcher.Events.WaitForAsync<SendingHoldsChanged>(h => h.Source == BounceRateWatch.ComplaintSource && h.Scope == "secretarias@pasto.gov.co" && h.Held);

        // Personal mail still reaches them.
        await SendAsync("secretarias@pasto.gov.co", annoyed);
    }

    [Fact]
    public async Task Soft_bounces_and_policy_refusals_do_not_suppress_at_once()
    {
        var full = Person("full");
        var sent = await SendAsync("intranet@pasto.gov.co", full);
        var blocked = Person("blocked");
        var sentToBlocked = await SendAsync("intranet@pasto.gov.co", blocked);

        await dispatcher.Mailbox.DeliverAsync(BounceFixtures.Message("mailbox-full", sent.RequestId, "intranet@pasto.gov.co", full));
        await dispatcher.Mailbox.DeliverAsync(BounceFixtures.Message("policy-blocklisted", sentToBlocked.RequestId, "intranet@pasto.gov.co", blocked));

        var soft = await dispatcher.Events.WaitForAsync<EmailBounced>(sent.RequestId);
        Assert.Equal((BounceClass.Soft, false), (soft.Class, soft.Suppressed));
        var policy = await dispatcher.Events.WaitForAsync<EmailBounced>(sentToBlocked.RequestId);
        Assert.Equal((BounceClass.Policy, false), (policy.Class, policy.Suppressed));
        Assert.Empty(await dispatcher.Suppressions.ListAsync("pasto.gov.co", full));
        Assert.Empty(await dispatcher.Suppressions.ListAsync("pasto.gov.co", blocked));
    }

    [Fact]
    public async Task Unknown_and_malformed_reports_are_set_aside_with_their_reason_and_the_reader_goes_on()
    {
        var unknown = BounceFixtures.Message("unknown-mail", Guid.NewGuid(), "intranet@pasto.gov.co", Person("x"));
        var malformed = BounceFixtures.Message("malformed-report", Guid.NewGuid(), "intranet@pasto.gov.co", Person("y"));
        // Sent by someone's own mail client, not by Queue: the request is unknown and the sender no account of Queue's.
        var notOurs = BounceFixtures.Message("postfix-dsn", Guid.NewGuid(), "someone@example.net", Person("z"));
        var outOfOffice = BounceFixtures.Message("out-of-office", Guid.NewGuid(), "intranet@pasto.gov.co", Person("w"));

        foreach (var message in new[] { unknown, malformed, notOurs, outOfOffice })
        {
            await dispatcher.Mailbox.DeliverAsync(message);
        }

        foreach (var message in new[] { unknown, malformed, notOurs })
        {
            await dispatcher.Mailbox.WaitForAsync("Queue.Unprocessable", message.MessageId, BounceMailboxReader.UnprocessableKeyword);
        }

        await dispatcher.Mailbox.WaitForAsync("INBOX", outOfOffice.MessageId, "$QueueProcessed");
        var reasons = (await dispatcher.SetAside.LatestAsync(100)).ToDictionary(r => r.ReportKey, r => r.Reason);
        Assert.Contains("not a delivery report", reasons[$"mid:{unknown.MessageId}"]);
        Assert.Contains("names no recipient", reasons[$"mid:{malformed.MessageId}"]);
        Assert.Contains("is not a message Queue sent", reasons[$"mid:{notOurs.MessageId}"]);
    }
}
