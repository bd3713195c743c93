using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Queue.IntegrationTests.Infrastructure;

/// <summary>
/// A CA of the test's own and a server certificate it signed for 127.0.0.1, as PEM files: a client trusts the
/// server only if it is told to trust that CA.
/// </summary>
sealed class TestCertificates : IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("queue-smtp-certs-").FullName;

    public TestCertificates()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Queue test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = serverRequest.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), RandomNumberGenerator.GetBytes(16));

        File.WriteAllText(CaPath, ca.ExportCertificatePem());
        File.WriteAllText(ServerCertificatePath, server.ExportCertificatePem());
        File.WriteAllText(ServerKeyPath, serverKey.ExportPkcs8PrivateKeyPem());
    }

    public string CaPath => Path.Combine(directory, "ca.pem");

    public string ServerCertificatePath => Path.Combine(directory, "server.pem");

    public string ServerKeyPath => Path.Combine(directory, "server-key.pem");

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
