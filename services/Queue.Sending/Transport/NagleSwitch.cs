using System.Net.Mail;
using System.Net.Sockets;
using System.Reflection;

namespace Queue.Sending.Transport;

/// <summary>
/// System.Net.Mail writes the end of DATA in a small segment of its own, which Nagle's algorithm holds until the
/// server acknowledges the previous one, and servers delay that acknowledgement (40 ms on Linux): about 21
/// messages/s per connection. SmtpClient offers no NoDelay, so this reaches its connection's TcpClient through
/// private fields (measured here: 22 → 652 msg/s on loopback). If a runtime renames them it does nothing.
/// </summary>
static class NagleSwitch
{
    const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance;
    static readonly FieldInfo? Transport = typeof(SmtpClient).GetField("_transport", Private);
    static readonly FieldInfo? Connection = Transport?.FieldType.GetField("_connection", Private);
    static readonly FieldInfo? Tcp = Connection?.FieldType.GetField("_tcpClient", Private);

    public static bool Available => Tcp is not null;

    /// <summary>Turns Nagle off on the client's open connection; call after a send, when the connection exists.</summary>
    public static void Disable(SmtpClient client)
    {
        if (Tcp is null || Transport!.GetValue(client) is not { } transport || Connection!.GetValue(transport) is not { } connection)
        {
            return;
        }

        if (Tcp.GetValue(connection) is TcpClient { Connected: true, NoDelay: false } tcp)
        {
            tcp.NoDelay = true;
        }
    }
}
