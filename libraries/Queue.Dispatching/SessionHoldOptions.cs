using System.ComponentModel.DataAnnotations;

namespace Queue.Dispatching;

/// <summary>
/// Section <c>Dispatcher:SessionHold</c>: how long an account's lane waits after the server refused the session
/// itself (connection, TLS, greeting, login, MAIL FROM); the wait doubles with each refusal in a row.
/// </summary>
public sealed class SessionHoldOptions
{
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "give a wait between 00:00:01 and 1.00:00:00")]
    public TimeSpan Initial { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "give a wait between 00:00:01 and 7.00:00:00")]
    public TimeSpan Max { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The wait after the <paramref name="strikes"/>-th refusal in a row: Initial, doubled each time, at most Max.</summary>
    public TimeSpan After(int strikes) =>
        TimeSpan.FromTicks(Math.Min(Math.Max(Max.Ticks, Initial.Ticks), Initial.Ticks * (1L << Math.Clamp(strikes - 1, 0, 20))));
}
