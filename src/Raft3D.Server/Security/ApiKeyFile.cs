using System.Security.Cryptography;
using System.Text;
using Raft3D.Server.Flags;

namespace Raft3D.Server.Security;

/// <summary>
/// Reads the -api-keys file: one "KEY ROLE [NAME]" a line, roles read, write or admin, blank
/// lines and "#" comments ignored. A bad line is a <see cref="FlagException"/> naming the file
/// and line, never the key (nor any other field, which may be a key written in the wrong place).
/// </summary>
public static class ApiKeyFile
{
    /// <summary>Shorter keys are guessable; 16 characters is what `openssl rand -hex 8` gives.</summary>
    public const int MinimumKeyLength = 16;

    public static ApiKeys Load(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FlagException($"-api-keys {path}: cannot read it ({e.GetType().Name})");
        }
        return Parse(lines, path);
    }

    public static ApiKeys Parse(IReadOnlyList<string> lines, string file)
    {
        var keys = new List<ApiKey>();
        string? nodeKey = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var number = i + 1;
            var fields = Fields(lines[i]);
            if (fields.Count == 0) continue;
            string Where() => $"-api-keys {file} line {number}";
            if (fields.Count is < 2 or > 3)
                throw new FlagException($"{Where()}: write KEY ROLE [NAME] (the name is one word), found {fields.Count} fields");
            var key = fields[0];
            if (key.Length < MinimumKeyLength)
                throw new FlagException($"{Where()}: the key is shorter than {MinimumKeyLength} characters (e.g. use `openssl rand -hex 16`)");
            var role = fields[1] switch
            {
                "read" => ApiRole.Read,
                "write" => ApiRole.Write,
                "admin" => ApiRole.Admin,
                _ => throw new FlagException($"{Where()}: the second field must be a role: read, write or admin"),
            };
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
            if (keys.FirstOrDefault(k => CryptographicOperations.FixedTimeEquals(k.Hash, hash)) is { } same)
                throw new FlagException($"{Where()}: the same key as line {same.Line}");
            keys.Add(new ApiKey(hash, role, fields.Count == 3 ? fields[2] : $"line {number}", number));
            if (role == ApiRole.Admin) nodeKey ??= key;
        }
        if (keys.Count == 0) throw new FlagException($"-api-keys {file}: no keys in it (one KEY ROLE [NAME] a line)");
        return new ApiKeys(keys, nodeKey);
    }

    /// <summary>The whitespace-separated fields before a "#" that starts a field.</summary>
    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        foreach (var field in line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (field.StartsWith('#')) break;
            fields.Add(field);
        }
        return fields;
    }
}
