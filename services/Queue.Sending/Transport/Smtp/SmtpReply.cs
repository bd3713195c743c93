namespace Queue.Sending.Transport.Smtp;

/// <summary>One SMTP reply: its code and the text of each of its lines (without the code).</summary>
public sealed record SmtpReply(int Code, IReadOnlyList<string> Lines)
{
    public bool IsPositive => Code is >= 200 and < 400;

    public bool IsTransient => Code is >= 400 and < 500;

    /// <summary>The RFC 3463 enhanced status code the text starts with (<c>5.1.1</c>), if any.</summary>
    public string? EnhancedCode
    {
        get
        {
            var first = Lines.Count > 0 ? Lines[0] : "";
            var end = first.IndexOf(' ');
            var candidate = end < 0 ? first : first[..end];
            var parts = candidate.Split('.');
            return parts.Length == 3 && parts[0] is "2" or "4" or "5" && parts.Skip(1).All(p => p.Length is >= 1 and <= 3 && p.All(char.IsAsciiDigit))
                ? candidate
                : null;
        }
    }

    /// <summary>As the server wrote it, lines joined by spaces: <c>250 2.0.0 Ok: queued as ABC</c>.</summary>
    public override string ToString() => Lines.Count == 0 ? Code.ToString() : $"{Code} {string.Join(" ", Lines)}";
}
