using Raft3D.Server.Flags;
using Raft3D.Server.Hosting;

namespace Raft3D.Server.Security;

/// <summary>-api-keys and -tls-cert/-tls-key/-tls-ca, each over its raft3d.node setting (empty: off).</summary>
public static class SecurityReader
{
    public static NodeSecurity Read(NodeFlags flags, SettingsReader settings)
    {
        var keysFile = Value(flags.ApiKeys, settings, "api-keys");
        var cert = Value(flags.TlsCert, settings, "tls-cert");
        var key = Value(flags.TlsKey, settings, "tls-key");
        var ca = Value(flags.TlsCa, settings, "tls-ca");
        var given = new[] { cert, key, ca }.Count(v => v is not null);
        if (given is not (0 or 3))
            throw new FlagException("-tls-cert, -tls-key and -tls-ca go together: give all three PEM files (certificate, its private key, the CA) or none");
        return new NodeSecurity(
            keysFile is null ? null : ApiKeyFile.Load(keysFile),
            given == 3 ? TlsMaterial.Load(cert!, key!, ca!) : null);
    }

    private static string? Value(string? flag, SettingsReader settings, string setting)
    {
        var value = flag ?? settings.String("raft3d.node." + setting);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
