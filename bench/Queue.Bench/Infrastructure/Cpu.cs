using System.Diagnostics;
using System.Globalization;

namespace Queue.Bench.Infrastructure;

/// <summary>CPU time of this process and of its finished child processes (e.g. redis-benchmark).</summary>
public static class Cpu
{
    /// <summary>Linux's USER_HZ: /proc reports CPU times in these ticks (100 on every mainstream kernel).</summary>
    const double TicksPerSecond = 100;

    public static TimeSpan Self()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>CPU time all processes of the machine have used so far, plus time the hypervisor gave elsewhere (/proc/stat: all but idle and iowait); null off Linux.</summary>
    public static TimeSpan? Machine()
    {
        try
        {
            // cpu  user nice system idle iowait irq softirq steal guest guest_nice
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var ticks = fields.Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            return TimeSpan.FromSeconds((ticks.Sum() - ticks[3] - ticks[4]) / TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>User plus system time of every child process reaped so far (Linux, 10 ms resolution); null elsewhere.</summary>
    public static TimeSpan? Children()
    {
        try
        {
            // pid (comm) state ppid … : after the ')' field 3 is the state, so cutime (16) and cstime (17) are at 13 and 14.
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
