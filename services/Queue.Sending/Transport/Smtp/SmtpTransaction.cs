namespace Queue.Sending.Transport.Smtp;

/// <summary>
/// The replies to one mail transaction, in the order of its commands. <see cref="Recipients"/> follows the
/// envelope's order; a transaction cut short (refused MAIL, 421) holds the replies it got. <see cref="Data"/> is
/// the reply to DATA (354 or a refusal) and null when the content went by BDAT; <see cref="Final"/> is the reply
/// to the content (after the final "." or to BDAT LAST), null when the content was never sent.
/// </summary>
public sealed record SmtpTransaction(SmtpReply Mail, IReadOnlyList<SmtpReply> Recipients, SmtpReply? Data, SmtpReply? Final)
{
    /// <summary>A 421: the server is closing the connection and abandons the transaction (RFC 5321 §3.8).</summary>
    public SmtpReply? Closing =>
        Mail.Code == 421 ? Mail : Recipients.FirstOrDefault(r => r.Code == 421) ?? (Data?.Code == 421 ? Data : Final?.Code == 421 ? Final : null);

    /// <summary>Refused before the server took anything: this reply says why (a local refusal says so itself).</summary>
    public static SmtpTransaction RefusedBeforeMail(int code, string text) => new(new SmtpReply(code, [text]), [], null, null);
}
