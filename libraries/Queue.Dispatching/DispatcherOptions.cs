using System.ComponentModel.DataAnnotations;

namespace Queue.Dispatching;

/// <summary>Section <c>Dispatcher</c>.</summary>
public sealed class DispatcherOptions
{
    public const string Section = "Dispatcher";

    /// <summary>The queue SendEmail requests are consumed from; it is bound to the exchange Queue.Contracts:SendEmail.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]+$", ErrorMessage = "use letters, digits, '_', '.' or '-' only")]
    public string QueueName { get; set; } = "send-email";

    /// <summary>Requests handled at once by one dispatcher process.</summary>
    [Range(1, 256)]
    public int ConcurrentMessageLimit { get; set; } = 8;

    /// <summary>SMTP attempts of one request at most, after which a transient failure becomes EmailFailed.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 7;

    /// <summary>Wait before attempt N+1 after a transient failure of attempt N; the last entry repeats.</summary>
    [MinLength(1, ErrorMessage = "give at least one retry delay, e.g. 00:01:00")]
    public List<TimeSpan> RetryDelays { get; set; } = [];

    public TimeSpan ThrottlePauseAfter(int strikes) =>
        TimeSpan.FromTicks(Math.Min(MaxThrottlePause.Ticks, ThrottlePause.Ticks * (1L << Math.Min(strikes - 1, 20))));

    public TimeSpan RetryDelay(int failedAttempts) => RetryDelays[Math.Min(failedAttempts, RetryDelays.Count) - 1];

    /// <summary>How long a sent RequestId is remembered, so a duplicate within it is not sent again.</summary>
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Wait before trying again while Redis (the quota store) is unreachable.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan InfrastructureRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A quota wait up to this long is slept in place; a longer one pauses the lane.</summary>
    public TimeSpan MaxInPlaceWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Requests of one lane handled at once by one dispatcher process.</summary>
    [Range(1, 64)]
    public int LaneConcurrency { get; set; } = 4;

    /// <summary>First pause of an account the provider throttles; it doubles with each throttling reply in a row.</summary>
    public TimeSpan ThrottlePause { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan MaxThrottlePause { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Backoff of a lane whose server refused the session rather than the message.</summary>
    public SessionHoldOptions SessionHold { get; set; } = new();

    /// <summary>While a blocklisting holds bulk and mass mail, how often a held one looks again.</summary>
    public TimeSpan BulkHoldRecheck { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often held requests are checked for expiry.</summary>
    public TimeSpan ApprovalSweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Wait before looking again at a request whose twin is being sent by another consumer.</summary>
    public TimeSpan InFlightRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}
