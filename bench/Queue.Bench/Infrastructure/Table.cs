using System.Globalization;
using System.Text;

namespace Queue.Bench.Infrastructure;

/// <summary>A plain-text table: first column left-aligned, the others right-aligned.</summary>
public sealed class Table(params string[] headers)
{
    readonly List<string[]> rows = [];

    public void Add(params string[] cells) => rows.Add(cells);

    public override string ToString()
    {
        var widths = headers.Select((h, i) => rows.Select(r => i < r.Length ? r[i].Length : 0).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        Line(headers);
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            Line(row);
        }

        return text.ToString();

        void Line(string[] cells) =>
            text.AppendLine(string.Join("  ", widths.Select((w, i) =>
            {
                var cell = i < cells.Length ? cells[i] : "";
                return i == 0 ? cell.PadRight(w) : cell.PadLeft(w);
            })).TrimEnd());
    }

    public static string Rate(double perSecond) => double.IsNaN(perSecond) ? "-" : perSecond.ToString("N0", CultureInfo.InvariantCulture);

    public static string Ms(double ms) => double.IsNaN(ms) ? "-" : ms.ToString("0.000", CultureInfo.InvariantCulture);

    public static string Ratio(double ratio) => double.IsNaN(ratio) ? "-" : ratio.ToString("0.00", CultureInfo.InvariantCulture);
}
