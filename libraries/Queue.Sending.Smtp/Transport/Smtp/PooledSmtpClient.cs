using MailKit;
using MailKit.Net.Smtp;
using MimeKit;
using Queue.Contracts;

namespace Queue.Sending.Transport.Smtp;

/// <summary>
/// MailKit's SMTP client with what Queue must know of each transaction: how far it got (<see cref="Stage"/>),
/// which recipients were refused and how (the others still get the message), and the delivery status
/// notifications it asks for when the server offers DSN (RFC 3461): failures and delays, headers only, with the
/// request's id as ENVID so a bounce names the request it belongs to.
/// </summary>
public sealed class PooledSmtpClient : SmtpClient
{
    readonly StageLogger stages;
    readonly bool preferChunking;
    readonly List<RefusedRecipient> refused = [];
    string? envelopeId;

    public PooledSmtpClient(bool preferChunking)
        : this(new StageLogger(), preferChunking)
    {
    }

    PooledSmtpClient(StageLogger stages, bool preferChunking)
        : base(stages)
    {
        this.stages = stages;
        this.preferChunking = preferChunking;
        DeliveryStatusNotificationType = DeliveryStatusNotificationType.HeadersOnly;
    }

    public SmtpStage Stage => stages.Stage;

    /// <summary>Recipients refused at RCPT TO in this transaction, in the envelope's order.</summary>
    public IReadOnlyList<RefusedRecipient> Refused => refused;

    /// <summary>False once the server said it is closing (421): the connection is not given another transaction.</summary>
    public bool IsUsable { get; private set; } = true;

    /// <summary>When the connection was last given back to its pool (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    internal long IdleSince { get; set; }

    /// <summary>Taken from the pool's idle connections rather than opened for this send.</summary>
    internal bool Reused { get; set; }

    /// <summary>BDAT whenever the server offers CHUNKING: the content goes with its command, unstuffed, and the server answers once.</summary>
    protected override bool PreferSendAsBinaryData => preferChunking;

    /// <summary>
    /// Starts a transaction's bookkeeping; <paramref name="envelopeId"/> is sent as ENVID when the server offers
    /// DSN; <paramref name="deadline"/> is moved from phase to phase as the transaction goes on.
    /// </summary>
    public void BeginTransaction(string envelopeId, SmtpDeadline deadline)
    {
        this.envelopeId = envelopeId;
        refused.Clear();
        stages.Stage = SmtpStage.Idle;
        stages.ContentSize = -1;
        stages.Deadline = deadline;
    }

    /// <summary>
    /// Whether MailKit measures the content on its own (for BDAT or SIZE): the time to write it depends on its size,
    /// so without either a send asks for it (a progress report makes MailKit measure).
    /// </summary>
    public bool MeasuresContent =>
        (Capabilities & SmtpCapabilities.Size) != 0 || (preferChunking && (Capabilities & (SmtpCapabilities.Chunking | SmtpCapabilities.BinaryMime)) != 0);

    protected override async Task<long> GetSizeAsync(FormatOptions options, MimeMessage message, CancellationToken cancellationToken)
    {
        var size = await base.GetSizeAsync(options, message, cancellationToken);
        stages.ContentSize = size;
        return size;
    }

    /// <summary>Marks the connection as one the server is closing.</summary>
    public void Abandon() => IsUsable = false;

    protected override void OnSenderAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
    {
        if (stages.Stage < SmtpStage.MailAccepted)
        {
            stages.Stage = SmtpStage.MailAccepted;
        }
    }

    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
    {
        // A 421 ends the session, not just this recipient (RFC 5321 §3.8): the transaction fails as a whole.
        if (response.StatusCode == SmtpStatusCode.ServiceNotAvailable)
        {
            base.OnRecipientNotAccepted(message, mailbox, response);
        }

        refused.Add(new RefusedRecipient(new RecipientRefusal { Address = mailbox.Address, SmtpReply = Reply(response.StatusCode, response.Response) }, (int)response.StatusCode));
    }

    /// <summary>MailKit then resets the transaction (RSET) and keeps the connection.</summary>
    protected override void OnNoRecipientsAccepted(MimeMessage message) =>
        throw new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.TransactionFailed, "no recipient was accepted");

    protected override string? GetEnvelopeId(MimeMessage message) => envelopeId;

    protected override DeliveryStatusNotification? GetDeliveryStatusNotifications(MimeMessage message, MailboxAddress mailbox) =>
        DeliveryStatusNotification.Failure | DeliveryStatusNotification.Delay;

    /// <summary>A reply as the server wrote it, lines joined by spaces: <c>550 5.1.1 user unknown</c>.</summary>
    public static string Reply(SmtpStatusCode code, string text) => $"{(int)code} {text.ReplaceLineEndings(" ")}";
}
