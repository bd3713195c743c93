using System.Text.Json.Nodes;
using Queue.Gateway.Auth;
using Queue.Sending.Settings;

namespace Queue.Gateway.Operations;

/// <summary>
/// The shared settings every service runs on: read them with their version, change them whole. A change names the
/// version it was based on (compare-and-set: a concurrent change is refused, never merged), is validated as at
/// start, stored, announced to every replica, and audited with who and why.
/// </summary>
public static class SettingsEndpoints
{
    public static void MapSettings(this IEndpointRouteBuilder api)
    {
        api.MapGet("/settings", (SharedSettings settings) => Results.Ok(View(settings)))
            .RequireAuthorization(ScopePolicies.Read).WithSummary("The shared settings in force here (senders, quotas, policy, applications, sending hours) and their version");
        api.MapGet("/settings/history", async (SharedSettingsStore store, int? count) =>
                Results.Ok((await store.HistoryAsync(Math.Clamp(count ?? 20, 1, 100))).Select(d => new HistoryEntry(d.Version, d.ChangedAt, d.ChangedBy, d.Reason))))
            .RequireAuthorization(ScopePolicies.Read).WithSummary("Stored versions of the shared settings, newest first: who changed them, when and why");
        api.MapPost("/settings", ChangeAsync).RequireAuthorization(ScopePolicies.Operate)
            .WithSummary("Replace the shared settings (whole document), based on a version; every service follows within seconds");
    }

    static SettingsView View(SharedSettings settings)
    {
        var current = settings.Current;
        return new SettingsView(current.Version, current.ChangedAt, current.ChangedBy, current.Reason, settings.BootstrapSource,
            settings.RejectedVersion, settings.RejectedBecause, current.Settings);
    }

    static async Task<IResult> ChangeAsync(
        SettingsChange body, HttpContext http, SharedSettings settings, SharedSettingsStore store, SharedSettingsValidator validator,
        SharedSettingsWatcher watcher, OperationsAudit audit, TimeProvider clock)
    {
        var missing = new Dictionary<string, string[]>();
        if (body.Version is null)
        {
            missing["version"] = ["is required: the version this change is based on (GET /v1/settings)"];
        }

        if (string.IsNullOrWhiteSpace(body.Reason))
        {
            missing["reason"] = ["is required: say why the settings change"];
        }

        if (body.Settings is null)
        {
            missing["settings"] = ["is required: the whole settings document (as GET /v1/settings shows it)"];
        }

        if (missing.Count > 0)
        {
            return Results.ValidationProblem(missing, title: "The settings change is invalid");
        }

        var failures = validator.Validate(body.Settings!);
        if (failures.Count > 0)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "The settings change is invalid", string.Join("; ", failures),
                extensions: new Dictionary<string, object?> { ["errors"] = failures });
        }

        var by = http.User.Actor(body.By);
        var document = new SharedSettingsDocument(0, body.Settings!, clock.GetUtcNow(), by, body.Reason!.Trim());
        var (written, version) = await store.WriteAsync(body.Version!.Value, document);
        if (!written)
        {
            return Problems.Result(StatusCodes.Status409Conflict, "The settings changed meanwhile",
                $"version {version} is stored and this change was based on version {body.Version}: read them again and reapply the change");
        }

        await audit.RecordAsync("settings", $"version {version}", by, body.Reason.Trim());
        await watcher.RefreshAsync();
        return Results.Ok(View(settings));
    }
}
