using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Raft3D.Testing;

/// <summary>
/// A throw-away CA and certificates it signs, made in-process (no openssl), written as the PEM
/// files -tls-cert, -tls-key and -tls-ca read. Node certificates name 127.0.0.1 and localhost.
/// </summary>
public sealed class TestCertificates(string name)
{
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private X509Certificate2? _ca;

    public X509Certificate2 Authority => _ca ??= CreateAuthority();

    /// <summary>Writes DIR/ca.pem, DIR/ID.pem and DIR/ID.key for a certificate signed by this CA; returns the three paths.</summary>
    public (string Cert, string Key, string Ca) Write(string folder, string id)
    {
        Directory.CreateDirectory(folder);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={id}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false)); // server and client auth: mutual TLS
        var serial = RandomNumberGenerator.GetBytes(16);
        using var certificate = request.Create(Authority, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), serial);
        var paths = (Cert: Path.Combine(folder, id + ".pem"), Key: Path.Combine(folder, id + ".key"), Ca: Path.Combine(folder, "ca.pem"));
        File.WriteAllText(paths.Cert, certificate.ExportCertificatePem());
        File.WriteAllText(paths.Key, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(paths.Ca, Authority.ExportCertificatePem());
        return paths;
    }

    private X509Certificate2 CreateAuthority()
    {
        var request = new CertificateRequest($"CN={name}", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
    }
}
