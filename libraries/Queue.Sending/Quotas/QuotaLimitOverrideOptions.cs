using System.ComponentModel.DataAnnotations;

namespace Queue.Sending.Quotas;

/// <summary>
/// An account's own value for a limit (<c>Quotas:Accounts:N:Limits:M</c>): what it names replaces the domain-wide
/// account limit of that name; a name that limit list lacks adds a limit (then Window is required).
/// </summary>
public sealed class QuotaLimitOverrideOptions
{
    [Required]
    [RegularExpression("^[a-z0-9-]+$", ErrorMessage = "use lower-case letters, digits and '-' only")]
    public string Name { get; set; } = "";

    public TimeSpan? Window { get; set; }

    public QuotaWindowMode? Mode { get; set; }

    [Range(1, int.MaxValue)]
    public int? Messages { get; set; }

    [Range(1, int.MaxValue)]
    public int? Recipients { get; set; }

    /// <summary>This override on top of <paramref name="inherited"/> (null: a limit of the account's own).</summary>
    public QuotaLimitOptions Over(QuotaLimitOptions? inherited) => new()
    {
        Name = Name,
        Window = Window ?? inherited?.Window ?? TimeSpan.Zero,
        Mode = Mode ?? inherited?.Mode ?? QuotaWindowMode.Rolling,
        Messages = Messages ?? inherited?.Messages,
        Recipients = Recipients ?? inherited?.Recipients,
    };
}
