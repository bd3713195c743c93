namespace Queue.Bench.Infrastructure;

public static class Median
{
    /// <summary>The median of <paramref name="value"/> over <paramref name="items"/> (the upper one of an even count).</summary>
    public static double Of<T>(IReadOnlyCollection<T> items, Func<T, double> value) => items.Select(value).Order().ElementAt(items.Count / 2);
}
