using MailKit;

namespace Queue.Sending.Transport.Smtp;

/// <summary>A progress report nobody reads: passing one makes MailKit measure the content, which the data timeout needs.</summary>
sealed class MeasureOnly : ITransferProgress
{
    public static MeasureOnly Instance { get; } = new();

    public void Report(long bytesTransferred, long totalSize)
    {
    }

    public void Report(long bytesTransferred)
    {
    }
}
