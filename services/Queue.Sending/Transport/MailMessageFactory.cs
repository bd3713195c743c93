using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using Queue.Sending.Composition;
using Queue.Sending.Validation;

namespace Queue.Sending.Transport;

/// <summary>Builds the System.Net.Mail message for an <see cref="OutgoingMail"/>.</summary>
static class MailMessageFactory
{
    public static MailMessage Create(OutgoingMail mail)
    {
        var message = new MailMessage
        {
            From = ToAddress(mail.From),
            Subject = mail.Subject,
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
            BodyTransferEncoding = TransferEncoding.QuotedPrintable,
        };
        mail.To.ToList().ForEach(m => message.To.Add(ToAddress(m)));
        mail.Cc.ToList().ForEach(m => message.CC.Add(ToAddress(m)));
        mail.Bcc.ToList().ForEach(m => message.Bcc.Add(ToAddress(m)));
        mail.ReplyTo.ToList().ForEach(m => message.ReplyToList.Add(ToAddress(m)));

        if (mail.TextBody is not null)
        {
            message.Body = mail.TextBody;
            if (mail.HtmlBody is not null)
            {
                var html = AlternateView.CreateAlternateViewFromString(mail.HtmlBody, Encoding.UTF8, MediaTypeNames.Text.Html);
                html.TransferEncoding = TransferEncoding.QuotedPrintable;
                message.AlternateViews.Add(html);
            }
        }
        else
        {
            message.Body = mail.HtmlBody;
            message.IsBodyHtml = true;
        }

        foreach (var file in mail.Attachments)
        {
            var attachment = new Attachment(new MemoryStream(file.Content, writable: false), file.FileName, file.ContentType)
            {
                NameEncoding = Encoding.UTF8,
            };
            attachment.ContentDisposition!.FileName = file.FileName;
            message.Attachments.Add(attachment);
        }

        // System.Net.Mail stamps Date itself when it writes the message and would overwrite ours.
        message.Headers.Add("Message-ID", mail.MessageId);
        foreach (var (name, value) in mail.Headers)
        {
            message.Headers.Add(name, value);
        }

        return message;
    }

    static MailAddress ToAddress(Mailbox mailbox) => new(mailbox.Address, mailbox.DisplayName, Encoding.UTF8);
}
