namespace Queue.Ctl;

/// <summary>Files named on the command line: one that cannot be read is a usage mistake.</summary>
public static class CliFiles
{
    public static async Task<string> ReadAsync(string path)
    {
        try
        {
            return await File.ReadAllTextAsync(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw CliException.Usage($"cannot read {path}: {e.Message}");
        }
    }
}
