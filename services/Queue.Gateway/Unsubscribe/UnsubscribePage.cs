using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Queue.Gateway.Unsubscribe;

/// <summary>
/// The small Spanish pages a citizen or employee sees after clicking a link in a mass message: every value is
/// HTML-encoded, the layout fits a phone.
/// </summary>
public static class UnsubscribePage
{
    /// <summary>Markup characters are encoded; Spanish letters stay readable in the source (the page is UTF-8).</summary>
    static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <param name="paragraphs">Plain text, encoded here.</param>
    /// <param name="form">A POST button: its action (a URL, encoded here) and label.</param>
    /// <param name="link">A link: its URL (encoded here), the text before it and its label.</param>
    public static IResult Render(int status, string title, IEnumerable<string> paragraphs, (string Action, string Label)? form = null,
        (string Url, string Before, string Label)? link = null)
    {
        var html = new StringBuilder();
        html.Append($"""
            <!doctype html><html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Encode(title)} · Alcaldía de Pasto</title>
            <style>body{"{"}font:16px/1.5 system-ui,sans-serif;max-width:34em;margin:2em auto;padding:0 1em;color:#1d232a{"}"}
            h1{"{"}font-size:1.4em;color:#003a70{"}"}p{"{"}overflow-wrap:anywhere{"}"}button{"{"}font:inherit;padding:.5em 1.2em{"}"}</style></head>
            <body><h1>{Encode(title)}</h1>
            """);
        foreach (var paragraph in paragraphs)
        {
            html.Append($"<p>{Encode(paragraph)}</p>");
        }

        if (form is { } f)
        {
            html.Append($"""<form method="post" action="{Encode(f.Action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">{Encode(f.Label)}</button></form>""");
        }

        if (link is { } l)
        {
            html.Append($"""<p>{Encode(l.Before)} <a id="resubscribe" href="{Encode(l.Url)}">{Encode(l.Label)}</a></p>""");
        }

        html.Append("<p><small>Alcaldía de Pasto · correo institucional</small></p></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    static string Encode(string text) => Encoder.Encode(text);
}
