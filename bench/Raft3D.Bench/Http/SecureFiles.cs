using System.Diagnostics;
using System.Security.Cryptography;

namespace Raft3D.Bench.Http;

/// <summary>
/// A CA, a certificate per node and an API-keys file, made with openssl as scripts/cluster.sh
/// `up --secure` makes them, so the bench can start a cluster with TLS on the Raft port,
/// HTTPS and API keys (docs/security.md).
/// </summary>
public sealed class SecureFiles
{
    private readonly string _folder;

    private SecureFiles(string folder, string adminKey)
    {
        _folder = folder;
        AdminKey = adminKey;
    }

    public string CaPem => Path.Combine(_folder, "ca.pem");

    public string ApiKeysFile => Path.Combine(_folder, "api-keys.txt");

    public string AdminKey { get; }

    public ClientSecurity ForClient => new(CaPem, AdminKey);

    public static SecureFiles Create(string folder)
    {
        Directory.CreateDirectory(folder);
        var adminKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var files = new SecureFiles(folder, adminKey);
        OpenSsl(folder, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "30",
            "-subj", "/CN=raft3d bench CA", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-keyout", "ca.key", "-out", "ca.pem");
        File.WriteAllText(files.ApiKeysFile, $"# KEY ROLE NAME (made by the bench)\n{adminKey} admin bench\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(files.ApiKeysFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return files;
    }

    /// <summary>The node's -api-keys and -tls-* flags; makes its certificate (for 127.0.0.1 and localhost) the first time.</summary>
    public IReadOnlyList<string> NodeFlags(string id)
    {
        if (!File.Exists(Path.Combine(_folder, $"{id}.pem")))
        {
            File.WriteAllText(Path.Combine(_folder, $"{id}.ext"),
                "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyAgreement\n");
            OpenSsl(_folder, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", $"/CN={id}",
                "-keyout", $"{id}.key", "-out", $"{id}.csr");
            OpenSsl(_folder, "x509", "-req", "-in", $"{id}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "30",
                "-extfile", $"{id}.ext", "-out", $"{id}.pem");
        }
        return ["-api-keys", ApiKeysFile, "-tls-cert", Path.Combine(_folder, $"{id}.pem"), "-tls-key", Path.Combine(_folder, $"{id}.key"), "-tls-ca", CaPem];
    }

    private static void OpenSsl(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl") { WorkingDirectory = folder, UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start openssl (the secure cluster needs it)");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"openssl {arguments[0]} failed: {error}");
    }
}
