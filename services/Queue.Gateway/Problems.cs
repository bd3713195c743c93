using Microsoft.AspNetCore.Mvc;

namespace Queue.Gateway;

/// <summary>RFC 9457 problem details, with the rule that refused the call where there is one.</summary>
public static class Problems
{
    public static IResult Result(int status, string title, string detail, string? rule = null, IDictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>());
        if (rule is not null)
        {
            all["rule"] = rule;
        }

        return Results.Problem(detail, statusCode: status, title: title, extensions: all);
    }

    public static Task Write(HttpContext context, int status, string title, string detail, string? rule = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (rule is not null)
        {
            problem.Extensions["rule"] = rule;
        }

        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json");
    }
}
