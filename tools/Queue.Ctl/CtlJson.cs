using System.Text.Json;
using System.Text.Json.Serialization;
using Queue.Operations;

namespace Queue.Ctl;

/// <summary>The gateway's wire format (camelCase, enums by name) for the API types queuectl reads and sends.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(ApiProblem))]
[JsonSerializable(typeof(AccountQuota))]
[JsonSerializable(typeof(IReadOnlyList<AccountQuota>))]
[JsonSerializable(typeof(IReadOnlyList<HoldView>))]
[JsonSerializable(typeof(IReadOnlyList<LaneView>))]
[JsonSerializable(typeof(ReputationView))]
[JsonSerializable(typeof(IReadOnlyList<AuditEntry>))]
[JsonSerializable(typeof(BouncesView))]
[JsonSerializable(typeof(IReadOnlyList<SuppressionView>))]
[JsonSerializable(typeof(SuppressionView))]
[JsonSerializable(typeof(SuppressRequest))]
[JsonSerializable(typeof(DeadLetterView))]
[JsonSerializable(typeof(DeadLetterAction))]
[JsonSerializable(typeof(DeadLetterCommand))]
[JsonSerializable(typeof(PauseRequest))]
[JsonSerializable(typeof(ResumeRequest))]
[JsonSerializable(typeof(ControlAccepted))]
[JsonSerializable(typeof(RequestStatusView))]
[JsonSerializable(typeof(IReadOnlyList<RecentRejection>))]
[JsonSerializable(typeof(SubmittedRequest))]
[JsonSerializable(typeof(IReadOnlyList<PendingApproval>))]
[JsonSerializable(typeof(ApproveRequest))]
[JsonSerializable(typeof(DenyRequest))]
[JsonSerializable(typeof(DecisionAccepted))]
[JsonSerializable(typeof(CancelRequest))]
[JsonSerializable(typeof(Cancelled))]
[JsonSerializable(typeof(SettingsView))]
[JsonSerializable(typeof(SettingsChange))]
[JsonSerializable(typeof(IReadOnlyList<HistoryEntry>))]
public sealed partial class CtlJson : JsonSerializerContext;
