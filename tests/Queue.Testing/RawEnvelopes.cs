using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Queue.Testing;

/// <summary>
/// The example envelope of the README, as a non-.NET application would publish it: the test sends exactly
/// that JSON (with a fresh id, subject and expiry), so the documented example is known to work.
/// </summary>
public static partial class RawEnvelopes
{
    public static string ReadmeExample(Guid requestId, string subject)
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var json = ExampleBlock().Match(readme[readme.IndexOf("### From any language", StringComparison.Ordinal)..]).Groups[1].Value;
        var envelope = JsonNode.Parse(json)!;
        envelope["messageId"] = Guid.NewGuid().ToString();
        envelope["sentTime"] = DateTimeOffset.UtcNow.ToString("O");
        var message = envelope["message"]!;
        message["requestId"] = requestId.ToString();
        message["subject"] = subject;
        message["expiresAt"] = DateTimeOffset.UtcNow.AddDays(1).ToString("O");
        return envelope.ToJsonString();
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Queue.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("Queue.sln not found above the test assembly");
    }

    [GeneratedRegex("```json\\s*\\n(.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();
}
