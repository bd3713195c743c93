using Microsoft.Extensions.Configuration;
using Queue.Sending.Hours;

namespace Queue.UnitTests;

/// <summary>
/// The shipped holidays are checked against the law, computed here: Ley 51 de 1983 (Ley Emiliani) moves
/// Reyes, San José, San Pedro y San Pablo, Asunción, Día de la Raza, Todos los Santos and Independencia de
/// Cartagena to the next Monday; Ascensión, Corpus Christi and Sagrado Corazón are the Mondays 43, 64 and 71
/// days after Easter; Jueves and Viernes Santo stay; the rest are fixed.
/// </summary>
public sealed class ColombianHolidaysTests
{
    [Theory]
    [InlineData(2026)]
    [InlineData(2027)]
    public void Shipped_holidays_are_Colombias_public_holidays(int year)
    {
        var shipped = SharedSettingsFile.Load().GetSection(SendingHoursOptions.Section).Get<SendingHoursOptions>()!.Holidays
            .Select(h => h.Date).Where(d => d.Year == year).Order().ToList();
        Assert.Equal(Expected(year), shipped);
    }

    [Fact]
    public void Easter_is_computed_right()
    {
        Assert.Equal(new DateOnly(2026, 4, 5), Easter(2026));
        Assert.Equal(new DateOnly(2027, 3, 28), Easter(2027));
    }

    [Fact]
    public void Known_dates_of_the_published_calendar()
    {
        var all = Expected(2026).Concat(Expected(2027)).ToHashSet();
        Assert.Contains(new DateOnly(2026, 1, 12), all);  // Reyes
        Assert.Contains(new DateOnly(2026, 11, 16), all); // Cartagena
        Assert.Contains(new DateOnly(2027, 7, 5), all);   // San Pedro y San Pablo
        Assert.Contains(new DateOnly(2027, 10, 18), all); // Día de la Raza
        Assert.DoesNotContain(new DateOnly(2027, 1, 6), all);
    }

    static List<DateOnly> Expected(int year)
    {
        var easter = Easter(year);
        DateOnly Monday(int month, int day)
        {
            var d = new DateOnly(year, month, day);
            return d.AddDays(((int)DayOfWeek.Monday - (int)d.DayOfWeek + 7) % 7);
        }

        return new[]
        {
            new DateOnly(year, 1, 1), Monday(1, 6), Monday(3, 19), easter.AddDays(-3), easter.AddDays(-2), new DateOnly(year, 5, 1),
            easter.AddDays(43), easter.AddDays(64), easter.AddDays(71), Monday(6, 29), new DateOnly(year, 7, 20), new DateOnly(year, 8, 7),
            Monday(8, 15), Monday(10, 12), Monday(11, 1), Monday(11, 11), new DateOnly(year, 12, 8), new DateOnly(year, 12, 25),
        }.Order().ToList();
    }

    /// <summary>Gregorian Easter (Meeus/Jones/Butcher).</summary>
    static DateOnly Easter(int y)
    {
        int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
        return new DateOnly(y, (h + l - 7 * m + 114) / 31, ((h + l - 7 * m + 114) % 31) + 1);
    }
}
