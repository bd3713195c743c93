namespace Queue.Contracts;

/// <summary>A file attached to a <see cref="SendEmail"/>; <see cref="Content"/> travels as base64 in JSON.</summary>
public sealed record EmailAttachment
{
    public string FileName { get; init; } = "";

    public string ContentType { get; init; } = "application/octet-stream";

    public byte[] Content { get; init; } = [];
}
