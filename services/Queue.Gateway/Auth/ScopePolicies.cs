using Microsoft.AspNetCore.Authorization;
using Queue.ApiKeys;

namespace Queue.Gateway.Auth;

/// <summary>Authorization policies by scope; where several are listed any one of them does.</summary>
public static class ScopePolicies
{
    public const string Send = "send";
    public const string Read = "read";
    public const string ReadOrSend = "read-or-send";
    public const string ReadOrApprove = "read-or-approve";
    public const string Operate = "operate";
    public const string Approve = "approve";

    public static void Add(AuthorizationOptions options)
    {
        void Policy(string name, params string[] scopes) =>
            options.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireClaim(GatewayClaims.Scope, scopes));

        Policy(Send, ApiScopes.Send);
        Policy(Read, ApiScopes.Read);
        Policy(ReadOrSend, ApiScopes.Read, ApiScopes.Send);
        Policy(ReadOrApprove, ApiScopes.Read, ApiScopes.Approve);
        Policy(Operate, ApiScopes.Operate);
        Policy(Approve, ApiScopes.Approve);
    }
}
