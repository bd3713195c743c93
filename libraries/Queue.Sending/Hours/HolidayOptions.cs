using System.ComponentModel.DataAnnotations;

namespace Queue.Sending.Hours;

/// <summary>A day off, e.g. 2026-01-12 "Día de los Reyes Magos" (moved to Monday by Ley Emiliani).</summary>
public sealed class HolidayOptions
{
    public DateOnly Date { get; set; }

    [Required]
    public string Name { get; set; } = "";
}
