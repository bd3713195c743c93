namespace Queue.Sending.Quotas;

/// <summary>
/// The share of every quota this process may use (1: all of it). Lowered while the domain or an IP is blocklisted
/// and the configured reaction is to send less rather than stop.
/// </summary>
public sealed class QuotaThrottle
{
    double fraction = 1;

    public double Fraction
    {
        get => Volatile.Read(ref fraction);
        set => Volatile.Write(ref fraction, Math.Clamp(value, 0.01, 1));
    }
}
