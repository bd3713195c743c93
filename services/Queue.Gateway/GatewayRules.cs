namespace Queue.Gateway;

/// <summary>Names of the gateway's own refusals, next to the request rules of Queue.Contracts.RuleNames.</summary>
public static class GatewayRules
{
    public const string ScopeMissing = "auth.scope-missing";
    public const string SenderNotGranted = "auth.sender-not-granted";
    public const string ApplicationUnknown = "auth.application-unknown";
    public const string RateLimited = "auth.rate-limited";
    public const string BodyTooLarge = "request.body-too-large";
    public const string BodyUnreadable = "request.body-unreadable";
    public const string RequestIdTaken = "request.id-taken";
    public const string RequestIdInProgress = "request.id-in-progress";
    public const string ParameterInvalid = "request.parameter-invalid";
    public const string UnsubscribeForged = "unsubscribe.invalid-token";
    public const string AdviceMissing = "approval.advice-missing";
}
