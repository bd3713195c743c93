namespace Queue.Dispatching.Delivery;

public static class LaneStepsRegistration
{
    /// <summary>
    /// The lane's steps; each keeps no state of its own (an attempt's travels in its <see cref="LaneDelivery"/>). The
    /// stores they use (<c>IRequestLedger</c>, <c>IQuotaGate</c>, <c>IWarmupHolds</c>, <c>ISentRecords</c>,
    /// <c>ILaneParking</c>) and the transport come from the host.
    /// </summary>
    public static IServiceCollection AddLaneSteps(this IServiceCollection services)
    {
        services.AddSingleton<LaneReport>();
        services.AddSingleton<LaneWaits>();
        services.AddSingleton<SettleStep>();
        services.AddSingleton<ClaimStep>();
        services.AddSingleton<ReadyStep>();
        services.AddSingleton<ReserveStep>();
        services.AddSingleton<SubmitStep>();
        services.AddSingleton<OutcomeStep>();
        return services;
    }
}
