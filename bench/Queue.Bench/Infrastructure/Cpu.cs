using System.Diagnostics;
using System.Globalization;

namespace Queue.Bench.Infrastructure;

/// <summary>CPU time of this process and of its finished child processes (e.g. redis-benchmark).</summary>
public static class Cpu
{
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
            return TimeSpan.FromSeconds((ticks.Sum() - ticks[3] - ticks[4]) / ProcessStats.TicksPerSecond);
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
            return ProcessStats.StatTime("/proc/self/stat", firstField: 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
