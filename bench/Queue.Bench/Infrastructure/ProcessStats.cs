using System.Globalization;

namespace Queue.Bench.Infrastructure;

/// <summary>What Linux's /proc says of another process: its CPU time and its memory (resident now and at peak).</summary>
public static class ProcessStats
{
    /// <summary>Linux's USER_HZ: /proc reports CPU times in these ticks (100 on every mainstream kernel).</summary>
    public const double TicksPerSecond = 100;

    /// <summary>User plus system CPU time of <paramref name="pid"/> so far (its threads, not its children).</summary>
    public static TimeSpan Cpu(int pid) => StatTime($"/proc/{pid}/stat", firstField: 14);

    /// <summary>
    /// Two adjacent CPU times of a /proc/&lt;pid&gt;/stat, summed: utime+stime (fields 14, 15) or cutime+cstime (16, 17).
    /// </summary>
    public static TimeSpan StatTime(string path, int firstField)
    {
        // pid (comm) state … : the name may hold spaces, so fields are counted after its ')', where field 3 is at 0.
        var stat = File.ReadAllText(path);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[firstField - 3], CultureInfo.InvariantCulture) + long.Parse(fields[firstField - 2], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>Peak resident set size (VmHWM) in bytes; null once the process is gone.</summary>
    public static long? PeakRss(int pid) => StatusKilobytes(pid, "VmHWM:") * 1024;

    /// <summary>Resident set size now (VmRSS) in bytes; null once the process is gone.</summary>
    public static long? Rss(int pid) => StatusKilobytes(pid, "VmRSS:") * 1024;

    static long? StatusKilobytes(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? null : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The process named <paramref name="comm"/> whose command line contains <paramref name="argument"/>, e.g. the broker (beam.smp) or redis-server 127.0.0.1:6379.</summary>
    public static int? Find(string comm, string argument = "")
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid))
            {
                try
                {
                    if (File.ReadAllText($"{dir}/comm").Trim() == comm && File.ReadAllText($"{dir}/cmdline").Replace('\0', ' ').Contains(argument, StringComparison.Ordinal))
                    {
                        return pid;
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }
        }

        return null;
    }

    /// <summary>CPU time of <paramref name="pid"/>, zero when there is none or it is gone.</summary>
    public static TimeSpan CpuOrZero(int? pid)
    {
        try
        {
            return pid is { } p ? Cpu(p) : TimeSpan.Zero;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return TimeSpan.Zero;
        }
    }

    public static string Mib(long? bytes) => bytes is { } b ? (b / 1048576.0).ToString("N0", CultureInfo.InvariantCulture) + " MiB" : "-";
}
