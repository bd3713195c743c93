using Queue.Contracts;

namespace Queue.Bench.Infrastructure;

/// <summary>The requests benchmarks publish: an ordinary notification of about 2 KB, one recipient, unless told otherwise.</summary>
public static class BenchRequests
{
    static readonly string Text = string.Concat(Enumerable.Repeat("Estimado funcionario: su solicitud fue radicada y será atendida en el orden de llegada. ", 8));
    static readonly string Html = $"<html><body><p>{Text}</p><p>Alcaldía de Pasto</p></body></html>";

    public static SendEmail Notification(string from, int n, EmailPriority priority = EmailPriority.Normal) => new()
    {
        RequestId = Guid.NewGuid(),
        From = from,
        To = [$"Funcionario {n} <funcionario{n % 1000:D3}@pasto.gov.co>"],
        Subject = $"Radicado {n}: solicitud recibida",
        TextBody = Text,
        HtmlBody = Html,
        Category = EmailCategory.Notification,
        Priority = priority,
        Application = "queue-bench",
    };
}
