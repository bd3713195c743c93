namespace Queue.Operations;

/// <summary>What <c>GET /v1/bounces</c> answers: rates per account, the latest suppressions and the reports set aside.</summary>
public sealed record BouncesView(IReadOnlyList<AccountBounces> Accounts, IReadOnlyList<SuppressionView> LatestSuppressions, IReadOnlyList<SetAsideReportView> SetAside);
