using Queue.Contracts;
using Queue.Gateway.Auth;

namespace Queue.Gateway.Intake;

public static class IntakeEndpoints
{
    public static void MapIntake(this IEndpointRouteBuilder api) =>
        api.MapPost("/messages", (HttpContext http, IntakeHandler intake) => intake.SubmitAsync(http))
            .RequireAuthorization(ScopePolicies.Send)
            .Accepts<SendEmail>("application/json")
            .Produces<SubmittedRequest>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Submit a SendEmail; the same requestId twice is one request");
}
