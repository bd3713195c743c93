using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Queue.Sending.Transport.Smtp;

/// <summary>
/// The platform's certificate validation, plus one optional extra trust anchor (an internal relay's own CA):
/// the host name must match either way. Remembers what was wrong, for a reply that says so.
/// </summary>
sealed class CertificateValidation(X509Certificate2? trustedCertificate)
{
    public string? Problem { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (errors == SslPolicyErrors.RemoteCertificateChainErrors && trustedCertificate is not null && certificate is not null && TrustedByAnchor(certificate, chain))
        {
            return true;
        }

        Problem = errors.ToString();
        if (chain is not null && chain.ChainStatus.Length > 0)
        {
            Problem += ": " + string.Join(", ", chain.ChainStatus.Select(s => s.Status).Distinct());
        }

        return false;
    }

    bool TrustedByAnchor(X509Certificate certificate, X509Chain? platformChain)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trustedCertificate!);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (platformChain is not null)
        {
            // Intermediates the server sent, which the platform's chain has already collected.
            foreach (var element in platformChain.ChainElements.Skip(1))
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (certificate is X509Certificate2 leaf)
        {
            return chain.Build(leaf);
        }

        using var copy = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(copy);
    }
}
