using System.Security.Cryptography;
using System.Text;

namespace Raft3D.Server.Security;

/// <summary>
/// The keys of the -api-keys file as SHA-256 hashes. <see cref="NodeKey"/> is the one key held
/// in clear: the first admin key, which this node presents to its peers (POST /join).
/// </summary>
public sealed class ApiKeys(IReadOnlyList<ApiKey> keys, string? nodeKey)
{
    public IReadOnlyList<ApiKey> All { get; } = keys;

    /// <summary>The first admin key of the file, for this node's own calls to other nodes; null when the file has none.</summary>
    public string? NodeKey { get; } = nodeKey;

    /// <summary>
    /// The key matching a presented one, or null. Every stored hash is compared, in constant
    /// time, so the answer's timing tells nothing about which keys exist.
    /// </summary>
    public ApiKey? Find(string presented)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        ApiKey? found = null;
        foreach (var key in All)
        {
            if (CryptographicOperations.FixedTimeEquals(key.Hash, hash)) found ??= key;
        }
        return found;
    }
}
