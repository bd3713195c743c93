using System.Net;

namespace Queue.ReputationMonitor.Dns;

/// <summary>Reads the system resolver from resolv.conf, the default when no server is configured.</summary>
public static class ResolvConf
{
    public static IPAddress? FirstNameserver(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path))
        {
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields is ["nameserver", var value, ..])
            {
                // An IPv6 link-local resolver may carry a zone (fe80::1%eth0), which IPAddress parses.
                if (IPAddress.TryParse(value, out var address))
                {
                    return address;
                }
            }
        }

        return null;
    }
}
