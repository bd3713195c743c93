using System.Globalization;

namespace Queue.Ctl;

/// <summary>How values read in tables.</summary>
public static class Format
{
    /// <summary>A timestamp in this machine's time zone, to the second; null stays null (a table prints "-").</summary>
    public static string? Time(DateTimeOffset? at) => at?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>An age in seconds as h:mm:ss.</summary>
    public static string Age(double? seconds) => seconds is { } s ? TimeSpan.FromSeconds(Math.Round(s)).ToString() : "-";
}
