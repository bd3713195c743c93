namespace Queue.Contracts;

/// <summary>
/// Stable names of the rules that reject or defer a request (<see cref="RuleViolation.Rule"/>,
/// <see cref="EmailDeferred.Rule"/>). Applications may match on them; names are never reused.
/// </summary>
public static class RuleNames
{
    public const string RequestId = "request.id";
    public const string RequestUnreadable = "request.unreadable";
    public const string RequestExpired = "request.expired";
    public const string RequestNotBeforeTooFar = "request.not-before-too-far";
    public const string UnknownValue = "request.unknown-value";
    public const string SenderUnknown = "sender.unknown";
    public const string IdentityUnknown = "identity.unknown-application";
    public const string IdentitySenderNotGranted = "identity.sender-not-granted";
    public const string AddressInvalid = "address.invalid";
    public const string AddressInternationalised = "address.internationalised";
    public const string RecipientsMissing = "recipients.missing";
    public const string RecipientsTooMany = "recipients.too-many";
    public const string SubjectMissing = "subject.missing";
    public const string SubjectTooLong = "subject.too-long";
    public const string HeaderInjection = "header.injection";
    public const string BodyMissing = "body.missing";
    public const string BodyInvalid = "body.invalid";
    public const string AttachmentInvalid = "attachment.invalid";
    public const string MessageTooLarge = "message.too-large";
    public const string QuotaTooLarge = "quota.too-large";
    public const string NotBefore = "schedule.not-before";
    public const string SendingHours = "schedule.sending-hours";
    public const string SmtpTransient = "smtp.transient";
    public const string SmtpThrottled = "smtp.throttled";
    public const string SmtpSession = "smtp.session";
    public const string QuotaUnavailable = "quota.unavailable";
    public const string ReputationHold = "reputation.listed";
    public const string OperatorCancelled = "operator.cancelled";

    // Institutional policy (circular 004 of the Alcaldía de Pasto and the TIC note on institutional mail).
    public const string PolicyInstitutionalSender = "policy.institutional-sender";
    public const string PolicyMassCommunicationsOffice = "policy.mass-communications-office";
    public const string PolicyConfidentialIndividual = "policy.confidential-individual";
    public const string PolicyCommercialApproval = "policy.commercial-approval";
    public const string PolicyCircularSecretariat = "policy.circular-secretariat";
    public const string PolicyMassUnsubscribe = "policy.mass-unsubscribe";
    public const string PolicySuppressed = "policy.unsubscribed";
    public const string PolicyRecipientsPerMessage = "policy.recipients-per-message";
    public const string PolicyApprovalDenied = "policy.approval-denied";
    public const string PolicyApprovalExpired = "policy.approval-expired";
    public const string PolicyNotificationIndividual = "policy.notification-individual";
    public const string PolicyConfidentialApproval = "policy.confidential-approval";
    public const string PolicyPartnerEntity = "policy.partner-entity";

    /// <summary>A recipient is on the suppression list for all mail (a hard bounce, repeated soft bounces, an operator).</summary>
    public const string RecipientSuppressed = "recipient.suppressed";
}
