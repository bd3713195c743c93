using System.Text.RegularExpressions;

namespace Queue.Sending.Validation;

static partial class MediaTypes
{
    /// <summary>RFC 6838 <c>type/subtype</c>, without parameters.</summary>
    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$")]
    private static partial Regex Pattern();
}
