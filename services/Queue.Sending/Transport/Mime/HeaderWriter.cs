using System.Buffers;
using System.Buffers.Text;
using System.Text;
using Queue.Sending.Validation;

namespace Queue.Sending.Transport.Mime;

/// <summary>
/// Writes header fields: RFC 2047 encoded-words for anything that is not printable ASCII, folded at spaces so
/// lines stay within 78 characters where a value allows it and never exceed 998.
/// </summary>
static class HeaderWriter
{
    const int FoldAt = 78;
    const int MaxLine = 998;

    // 45 bytes of UTF-8 make 60 base64 characters: with "=?utf-8?B?" and "?=" an encoded-word stays under 75.
    const int EncodedWordBytes = 45;

    /// <summary>An unstructured value such as Subject: words that need it become encoded-words.</summary>
    public static void WriteText(IBufferWriter<byte> output, string name, string value)
    {
        var tokens = new List<string>();
        AddPhrase(tokens, value, quoteSpecials: false);
        Write(output, name, tokens);
    }

    /// <summary>A value written as it is, only folded: structured headers such as List-Unsubscribe.</summary>
    public static void WriteRaw(IBufferWriter<byte> output, string name, string value)
    {
        RefuseLineBreaks(name, value);
        if (!value.All(c => c is >= ' ' and <= '~' or '\t'))
        {
            throw new ArgumentException($"header {name} must be printable ASCII", nameof(value));
        }

        Write(output, name, [.. value.Split(' ')]);
    }

    public static void WriteAddresses(IBufferWriter<byte> output, string name, IReadOnlyList<Mailbox> mailboxes)
    {
        var tokens = new List<string>();
        for (var i = 0; i < mailboxes.Count; i++)
        {
            var mailbox = mailboxes[i];
            RefuseLineBreaks(name, mailbox.Address);
            if (mailbox.DisplayName is { Length: > 0 } displayName)
            {
                AddPhrase(tokens, displayName, quoteSpecials: true);
                tokens.Add($"<{mailbox.Address}>");
            }
            else
            {
                tokens.Add(mailbox.Address);
            }

            if (i < mailboxes.Count - 1)
            {
                tokens[^1] += ",";
            }
        }

        Write(output, name, tokens);
    }

    /// <summary>Folds <paramref name="tokens"/>, joined by single spaces, after <c>Name: </c>.</summary>
    static void Write(IBufferWriter<byte> output, string name, IReadOnlyList<string> tokens)
    {
        if (name.Length == 0 || !name.All(c => c is > ' ' and <= '~' and not ':'))
        {
            throw new ArgumentException($"'{name}' is not a header field name", nameof(name));
        }

        var line = new StringBuilder(name).Append(':');
        var length = line.Length;
        var lineHasToken = false;
        foreach (var token in tokens)
        {
            RefuseLineBreaks(name, token);
            if (length + 1 + token.Length > FoldAt && lineHasToken)
            {
                line.Append("\r\n");
                length = 0;
            }

            line.Append(' ').Append(token);
            length += 1 + token.Length;
            lineHasToken = true;
            if (length > MaxLine)
            {
                throw new ArgumentException($"header {name} has a word too long for one line", nameof(tokens));
            }
        }

        line.Append("\r\n");
        WriteUtf8(output, line.ToString());
    }

    /// <summary>
    /// Words of printable ASCII stay as they are (quoted if they hold specials in a display name); runs of other
    /// words become encoded-words, which also carry the spaces between them.
    /// </summary>
    static void AddPhrase(List<string> tokens, string value, bool quoteSpecials)
    {
        var words = value.Split(' ');
        if (quoteSpecials && words.All(w => IsPlain(w)) && value.Any(IsSpecial))
        {
            tokens.Add(Quote(value));
            return;
        }

        var run = new StringBuilder();
        foreach (var word in words)
        {
            if (IsPlain(word) && !(quoteSpecials && word.Any(IsSpecial)))
            {
                FlushEncoded(tokens, run);
                tokens.Add(word);
            }
            else
            {
                run.Append(run.Length > 0 ? " " : "").Append(word);
            }
        }

        FlushEncoded(tokens, run);
    }

    static bool IsPlain(string word) =>
        word.Length <= FoldAt - 2 && word.All(c => c is > ' ' and <= '~') && !word.Contains("=?", StringComparison.Ordinal);

    // RFC 5322 specials, which a display name may hold only inside a quoted-string.
    static bool IsSpecial(char c) => c is '(' or ')' or '<' or '>' or '[' or ']' or ':' or ';' or '@' or '\\' or ',' or '.' or '"';

    static string Quote(string value) => $"\"{value.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"";

    static void FlushEncoded(List<string> tokens, StringBuilder run)
    {
        if (run.Length == 0)
        {
            return;
        }

        var text = run.ToString();
        run.Clear();
        RefuseLineBreaks("value", text);
        Span<byte> chunk = stackalloc byte[EncodedWordBytes];
        Span<byte> encoded = stackalloc byte[Base64.GetMaxEncodedToUtf8Length(EncodedWordBytes)];
        var used = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            // A character's bytes never straddle two encoded-words: each must decode on its own.
            if (used + rune.Utf8SequenceLength > EncodedWordBytes)
            {
                tokens.Add(EncodedWord(chunk[..used], encoded));
                used = 0;
            }

            used += rune.EncodeToUtf8(chunk[used..]);
        }

        tokens.Add(EncodedWord(chunk[..used], encoded));
    }

    static string EncodedWord(ReadOnlySpan<byte> bytes, Span<byte> scratch)
    {
        Base64.EncodeToUtf8(bytes, scratch, out _, out var written);
        return $"=?utf-8?B?{Encoding.ASCII.GetString(scratch[..written])}?=";
    }

    /// <summary>Values are checked for CR/LF upstream; this refuses them again so no header can be injected.</summary>
    public static void RefuseLineBreaks(string name, string value)
    {
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException($"header {name} contains CR or LF", nameof(value));
        }
    }

    /// <summary>ASCII but for addresses that need SMTPUTF8, which travel as UTF-8.</summary>
    public static void WriteUtf8(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetByteCount(text));
        var written = Encoding.UTF8.GetBytes(text, span);
        output.Advance(written);
    }
}
