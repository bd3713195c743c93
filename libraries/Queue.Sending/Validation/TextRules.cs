namespace Queue.Sending.Validation;

/// <summary>Checks on text that ends up in a header or a body.</summary>
static class TextRules
{
    /// <summary>The first C0/C1 control character (tab allowed), or null. In a header it would start a new one.</summary>
    public static char? FindControlCharacter(string value)
    {
        foreach (var c in value)
        {
            if ((c < ' ' && c != '\t') || (c >= '\u007f' && c <= '\u009f') || c == '\u2028' || c == '\u2029')
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>True when the text holds a lone surrogate: it cannot be encoded as UTF-8.</summary>
    public static bool HasUnpairedSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return true;
                }

                i++;
            }
            else if (char.IsLowSurrogate(value[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the body holds NUL, which SMTP DATA cannot carry.</summary>
    public static bool HasNul(string value) => value.Contains('\0');
}
