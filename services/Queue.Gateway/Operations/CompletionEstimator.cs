using Queue.Sending.Quotas;
using QuotaWindowMode = Queue.Sending.Quotas.QuotaWindowMode;

namespace Queue.Gateway.Operations;

/// <summary>
/// When <c>n</c> more one-recipient messages of an account can have gone out, given its quotas alone (SMTP time and
/// other accounts' use of domain limits are left out). A rolling window frees completely one window after now at the
/// latest; a calendar one when its period ends. So the estimate errs late, never early.
/// </summary>
public static class CompletionEstimator
{
    public static DateTimeOffset Estimate(IReadOnlyList<QuotaUsage> limits, long messages, DateTimeOffset now)
    {
        var latest = now;
        foreach (var limit in limits)
        {
            foreach (var (cap, remaining) in new[] { (limit.MessageCap, limit.RemainingMessages), (limit.RecipientCap, limit.RemainingRecipients) })
            {
                if (cap is not { } c || remaining is not { } left || messages <= left)
                {
                    continue;
                }

                var windows = (messages - left + c - 1) / c;
                var at = limit.Mode == QuotaWindowMode.Calendar && limit.FreesAt is { } end
                    ? end + limit.Window * (windows - 1)
                    : now + limit.Window * windows;
                latest = at > latest ? at : latest;
            }
        }

        return latest;
    }
}
