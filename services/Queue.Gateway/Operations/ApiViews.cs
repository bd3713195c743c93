using Queue.Reputation.Status;
using Queue.Sending.Bounces;
using Queue.Sending.Control;
using Queue.Sending.Lanes;
using Queue.Sending.Policy;
using Queue.Sending.Quotas;

namespace Queue.Gateway.Operations;

/// <summary>
/// The domain's records as the HTTP API shows them (<see cref="Queue.Operations"/>): the same fields and names, so the
/// answers read exactly as when the domain records were serialized themselves.
/// </summary>
public static class ApiViews
{
    public static HoldView ToView(this SendingHold h) =>
        new(h.Scope, h.Source, Same<Queue.Operations.HoldKind>(h.Kind), h.Reason, h.By, h.At, h.Until, h.Fraction, h.Severity);

    public static LaneHoldView ToView(this LaneHold h) =>
        new(Same<Queue.Operations.LaneHoldKind>(h.Kind), h.Source, h.Reason, h.Since, h.Until, h.NextTry);

    public static SuppressionView ToView(this Suppression s) =>
        new(s.Domain, s.Address, Same<Queue.Operations.SuppressionReason>(s.Reason), Same<Queue.Operations.SuppressionScope>(s.Scope), s.Source, s.By, s.At, s.Until, s.Detail);

    public static SetAsideReportView ToView(this SetAsideReport r) => new(r.At, r.ReportKey, r.From, r.Subject, r.Reason, r.Folder);

    public static WarmupView ToView(this WarmupStatus w) => new(w.Scope, w.Day, w.Days, w.CapToday, w.FullCap, w.HeldDays);

    public static ZoneHealthView ToView(this ZoneStatus z) => new(z.Zone, z.Kind, z.Healthy, z.Suspect, z.Reason, z.Since, z.LastSuccessAt, z.CheckedAt);

    public static AuthCheckView ToView(this AuthCheckStatus c) => new(c.Target, c.Check, Same<Queue.Operations.AuthCheckOutcome>(c.Outcome), c.Detail, c.CheckedAt);

    public static LimitUsage ToView(this QuotaUsage u, DateTimeOffset now) => new(
        u.Limit.ToString(), u.Window, Same<Queue.Operations.QuotaWindowMode>(u.Mode), u.MessageCap, u.RecipientCap, u.Messages, u.Recipients,
        u.RemainingMessages, u.RemainingRecipients, Math.Round(u.Utilisation, 4), u.FreesAt, u.NextAllowedAt(now));

    /// <summary>
    /// The API's enum member of the same name: the wire carries the name, and ApiViewsTests hold every domain member
    /// to having one, so a member added on one side only fails a test instead of an answer.
    /// </summary>
    public static TApi Same<TApi>(Enum domain) where TApi : struct, Enum => Enum.Parse<TApi>(domain.ToString());
}
