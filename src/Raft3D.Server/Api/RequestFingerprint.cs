using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Raft3D.Server.Api;

/// <summary>
/// A hash of what a request asks for: method, path and its parsed input (not the raw bytes, so
/// whitespace and field order do not matter; an id the server generates is not part of it).
/// </summary>
public static class RequestFingerprint
{
    public static byte[] Of<T>(string method, string path, T input)
    {
        var text = $"{method.ToUpperInvariant()} {path}\n{JsonSerializer.Serialize(input, ApiJson.Options)}";
        return SHA256.HashData(Encoding.UTF8.GetBytes(text));
    }
}
