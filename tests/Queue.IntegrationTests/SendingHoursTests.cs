using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Queue.Contracts;
using Queue.IntegrationTests.Infrastructure;

namespace Queue.IntegrationTests;

/// <summary>A dispatcher whose clock reads Sunday 13 December 2026, 03:00 in Bogotá: the shipped Mass/Bulk window is shut.</summary>
public class SundayNightFixture : DispatcherFixture
{
    public static readonly DateTimeOffset Now = new(2026, 12, 13, 3, 0, 0, TimeSpan.FromHours(-5));

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("SendingHours:Enabled", "true")];

    protected override void ConfigureHost(IWebHostBuilder web) =>
        web.ConfigureServices(services => services.AddSingleton<TimeProvider>(ShiftedClock.At(Now)));
}

public class SendingHoursTests(SundayNightFixture dispatcher) : IClassFixture<SundayNightFixture>
{
    [Fact]
    public async Task Mass_mail_waits_for_Monday_seven_while_urgent_and_other_mail_goes()
    {
        var mass = DispatcherFixture.Request("Boletín") with { Category = EmailCategory.Mass };
        var urgent = DispatcherFixture.Request("Alerta") with { Category = EmailCategory.Mass, Priority = EmailPriority.Urgent };
        var operational = DispatcherFixture.Request("Reunión");

        await dispatcher.PublishAsync(mass);
        await dispatcher.PublishAsync(urgent);
        await dispatcher.PublishAsync(operational);

        // Mass mail goes out as one message per recipient (parts with ids of their own).
        var massPart = (await dispatcher.Events.WaitForAsync<EmailSplit>(mass.RequestId)).Parts.Single().RequestId;
        var urgentPart = (await dispatcher.Events.WaitForAsync<EmailSplit>(urgent.RequestId)).Parts.Single().RequestId;
        var deferred = await dispatcher.Events.WaitForAsync<EmailDeferred>(massPart);
        Assert.Equal(RuleNames.SendingHours, deferred.Rule);
        Assert.Equal(new DateTimeOffset(2026, 12, 14, 7, 0, 0, TimeSpan.FromHours(-5)), deferred.Until);

        await dispatcher.Events.WaitForAsync<EmailSent>(urgentPart);
        await dispatcher.Events.WaitForAsync<EmailSent>(operational.RequestId);
        Assert.DoesNotContain(dispatcher.Events.All<EmailSent>(), e => e.RequestId == massPart);
    }
}
