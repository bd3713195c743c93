using Queue.Contracts;

namespace Queue.IntegrationTests;

/// <summary>Each invalid request is rejected with its rule named, and nothing is sent for it.</summary>
public class RejectionTests(DispatcherFixture dispatcher) : IClassFixture<DispatcherFixture>
{
    public static TheoryData<string, string, string?> Cases() => new()
    {
        { "unknown-sender", RuleNames.SenderUnknown, "from" },
        { "personal-sender", RuleNames.SenderUnknown, "from" },
        { "subject-injection", RuleNames.HeaderInjection, "subject" },
        { "to-injection", RuleNames.HeaderInjection, "to[0]" },
        { "no-recipients", RuleNames.RecipientsMissing, "to" },
        { "bad-address", RuleNames.AddressInvalid, "cc[0]" },
        { "no-body", RuleNames.BodyMissing, "textBody" },
        { "expired", RuleNames.RequestExpired, "expiresAt" },
        { "no-request-id", RuleNames.RequestId, "requestId" },
        { "internationalised", RuleNames.AddressInternationalised, "to[0]" },
    };

    static SendEmail Make(string kind, SendEmail valid) => kind switch
    {
        "unknown-sender" => valid with { From = "compras@pasto.gov.co" },
        "personal-sender" => valid with { From = "funcionario.pasto@gmail.com" },
        "subject-injection" => valid with { Subject = valid.Subject + "\r\nBcc: todos@pasto.gov.co" },
        "to-injection" => valid with { To = ["ana@pasto.gov.co\r\nBcc: todos@pasto.gov.co"] },
        "no-recipients" => valid with { To = [] },
        "bad-address" => valid with { Cc = ["secretarias(at)pasto.gov.co"] },
        "no-body" => valid with { TextBody = null },
        "expired" => valid with { ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-5) },
        "no-request-id" => valid with { RequestId = Guid.Empty },
        "internationalised" => valid with { To = ["josé@pasto.gov.co"] },
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Is_rejected_naming_the_rule_and_nothing_is_sent(string kind, string rule, string? field)
    {
        var application = $"rejection-{kind}-{Guid.NewGuid():N}";
        var request = Make(kind, DispatcherFixture.Request($"Rechazo {kind}") with { Application = application });

        await dispatcher.PublishAsync(request);

        var rejected = await dispatcher.Events.WaitForAsync<EmailRejected>(e => e.Application == application);
        Assert.Equal(request.RequestId, rejected.RequestId);
        Assert.Contains(rejected.Violations, v => v.Rule == rule && v.Field == field);
        Assert.Contains(rule, rejected.Reason);
        await dispatcher.WaitUntilIdleAsync();
        Assert.Empty(await dispatcher.Sink.WithSubjectAsync(request.Subject.Split('\r')[0]));
        Assert.DoesNotContain(dispatcher.Events.All<EmailAccepted>(), e => e.RequestId == request.RequestId && e.Application == application);
    }

    [Fact]
    public async Task A_request_with_every_fault_lists_them_all()
    {
        var application = $"rejection-all-{Guid.NewGuid():N}";
        await dispatcher.PublishAsync(new SendEmail { Application = application, Subject = "a\nb", To = ["x"] });

        var rejected = await dispatcher.Events.WaitForAsync<EmailRejected>(e => e.Application == application);
        Assert.Equal(
            [RuleNames.RequestId, RuleNames.AddressInvalid, RuleNames.AddressInvalid, RuleNames.HeaderInjection, RuleNames.BodyMissing],
            rejected.Violations.Select(v => v.Rule));
    }
}
