using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Options;
using Queue.Contracts;
using Queue.Dispatching.Telemetry;

namespace Queue.Dispatching.Consumers;

/// <summary>
/// A request that cannot be read as a <see cref="SendEmail"/> (not JSON, a wrong type, an enum name that does not
/// exist, invalid UTF-8) goes to the intake's error queue with the exception in its headers, as MassTransit does;
/// this observer also tells the application, with an <see cref="EmailRejected"/> carrying whatever request id and
/// application could still be read from the raw body.
/// </summary>
public sealed class UnreadableRequests(IServiceProvider services, IOptions<DispatcherOptions> options, TimeProvider clock, ILogger<UnreadableRequests> logger)
    : IReceiveObserver
{
    sealed class Reported;

    public static bool IsUnreadable(Exception exception) =>
        exception is System.Runtime.Serialization.SerializationException or JsonException or FormatException or DecoderFallbackException
        || (exception.InnerException is { } inner && IsUnreadable(inner));

    public async Task ReceiveFault(ReceiveContext context, Exception exception)
    {
        if (!IsUnreadable(exception) || context.TryGetPayload<Reported>(out _) || !context.InputAddress.AbsolutePath.EndsWith("/" + options.Value.QueueName, StringComparison.Ordinal))
        {
            return;
        }

        context.GetOrAddPayload(() => new Reported());
        var (requestId, application) = Salvage(context.Body.GetBytes());
        var reason = Innermost(exception).Message;
        logger.LogWarning("Unreadable request {RequestId} from {Application} moved to the error queue: {Reason}", requestId, application, reason);
        services.GetRequiredService<DispatcherMetrics>().Rejected(RuleNames.RequestUnreadable, EmailCategory.Operational);
        await services.GetRequiredService<IBus>().Publish(new EmailRejected
        {
            RequestId = requestId, Application = application, RejectedAt = clock.GetUtcNow(),
            Reason = $"{RuleNames.RequestUnreadable}: {reason}",
            Violations = [new RuleViolation { Rule = RuleNames.RequestUnreadable, Message = $"the request cannot be read as SendEmail: {reason}" }],
        });
    }

    /// <summary>The request id and application, if the body is JSON enough to hold them.</summary>
    static (Guid RequestId, string? Application) Salvage(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (Guid.Empty, null);
            }

            var message = document.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object ? m : document.RootElement;
            var id = message.TryGetProperty("requestId", out var r) && r.ValueKind == JsonValueKind.String && Guid.TryParse(r.GetString(), out var g) ? g : Guid.Empty;
            var application = message.TryGetProperty("application", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            return (id, application);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            return (Guid.Empty, null);
        }
    }

    static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);

    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) where T : class => Task.CompletedTask;
}
