namespace Queue.Gateway.Tests.Infrastructure;

/// <summary>A body whose length HttpClient cannot know, so it goes chunked with no Content-Length.</summary>
sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
{
    public override bool CanSeek => false;
}
