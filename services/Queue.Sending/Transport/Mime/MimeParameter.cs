using System.Text;

namespace Queue.Sending.Transport.Mime;

/// <summary>
/// A Content-Type or Content-Disposition parameter such as a file name: quoted when ASCII, RFC 2231
/// (<c>filename*0*=utf-8''…</c>, split into sections that fit a line) when not.
/// </summary>
static class MimeParameter
{
    const int SectionLength = 60;

    /// <summary>Each returned string is one parameter, for a line of its own after "; ".</summary>
    public static IEnumerable<string> Format(string name, string value)
    {
        HeaderWriter.RefuseLineBreaks(name, value);
        if (value.All(c => c is >= ' ' and <= '~') && value.Length <= SectionLength)
        {
            yield return $"{name}=\"{value.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"";
            yield break;
        }

        var sections = Sections(value).ToList();
        if (sections.Count == 1)
        {
            yield return $"{name}*=utf-8''{sections[0]}";
            yield break;
        }

        for (var i = 0; i < sections.Count; i++)
        {
            yield return i == 0 ? $"{name}*0*=utf-8''{sections[0]}" : $"{name}*{i}*={sections[i]}";
        }
    }

    /// <summary>Percent-encoded UTF-8, cut only between whole characters.</summary>
    static IEnumerable<string> Sections(string value)
    {
        var section = new StringBuilder();
        var bytes = new byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(bytes);
            var piece = new StringBuilder();
            foreach (var b in bytes[..length])
            {
                piece.Append(IsAttributeChar(b) ? ((char)b).ToString() : $"%{b:X2}");
            }

            if (section.Length + piece.Length > SectionLength)
            {
                yield return section.ToString();
                section.Clear();
            }

            section.Append(piece);
        }

        yield return section.ToString();
    }

    // RFC 2231 attribute-char: printable ASCII but for space, specials, '*', '\'' and '%'.
    static bool IsAttributeChar(byte b) =>
        b is > 32 and < 127 && "*'%()<>@,;:\\\"/[]?=".IndexOf((char)b) < 0;
}
