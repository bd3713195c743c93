using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Queue.ApiKeys;
using Queue.Gateway.Auth;
using Queue.Gateway.Intake;
using Queue.Gateway.Operations;
using Queue.Gateway.Reputation;
using Queue.Gateway.Status;
using Queue.Gateway.Unsubscribe;
using Queue.Sending;
using Queue.ServiceDefaults.Messaging;
using Queue.Configuration;
using Queue.ServiceDefaults.Redis;
using StackExchange.Redis;
using Queue.Dispatcher.ReadModel;

namespace Queue.Gateway;

public static class GatewayRegistration
{
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        // The dispatcher's own validator, sender accounts, applications, policy stores and quota reader; no SMTP.
        builder.AddSendEmailIntake();
        builder.AddQuotas();
        builder.AddDispatcherReadModel(sp => sp.GetRequiredService<IOptions<GatewayOptions>>().Value.DispatcherQueue);

        var services = builder.Services;
        services.AddValidatedOptions<GatewayOptions>(GatewayOptions.Section);
        services.AddSingleton(sp => new ApiKeyStore(sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<IOptions<RedisOptions>>().Value.KeyPrefix, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IntakeLedger>();
        services.AddScoped<IntakeHandler>();
        services.AddSingleton<StatusKeys>();
        services.AddSingleton<RequestStatusStore>();
        services.AddSingleton<Queue.Reputation.Status.ReputationStatusStore>();
        services.AddSingleton<ReputationReader>();
        services.AddSingleton<OperationsAudit>();
        services.AddSingleton<QuotaReader>();
        services.AddScoped<LaneReader>();
        services.AddSingleton<DeadLetterStore>();

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(ScopePolicies.Add);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ScopeRequirementHandler>();
        services.AddKeyRateLimiting();
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<UnavailableExceptionHandler>();
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer<ApiKeySecurityTransformer>());

        builder.AddQueueBus(x => x.AddConsumer<LifecycleConsumer>(typeof(LifecycleConsumerDefinition)));
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusPage();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();

        app.MapOpenApi().AllowAnonymous();
        app.MapUnsubscribe();
        var api = app.MapGroup("/v1").RequireAuthorization();
        api.MapKeyIdentity();
        api.MapIntake();
        api.MapStatus();
        api.MapQuotas();
        api.MapSettings();
        api.MapHolds();
        api.MapLanes();
        api.MapApprovals();
        api.MapSuppressions();
        api.MapBounces();
        api.MapCancel();
        api.MapDeadLetters();
        return app;
    }
}
