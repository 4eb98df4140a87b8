namespace Raft3D.Server.Settings;

/// <summary>
/// The settings that change what applying a command does, and so belong to the replicated state
/// (SPEC §11): changed only by a log entry (<see cref="ClusterSettingsEntry"/>), carried in
/// snapshots and backups, the same on every node whatever its own configuration says.
/// </summary>
public sealed record ClusterSettings(int IdempotencyMaxEntries, TimeSpan IdempotencyMaxAge)
{
    /// <summary>
    /// What a log without a settings entry applies: the bounds every earlier release applied by
    /// default. They are part of what such a log means, so they are fixed here, not configurable.
    /// </summary>
    public static readonly ClusterSettings Unset = new(100_000, TimeSpan.FromHours(24));

    public const int MaxIdempotencyEntries = 10_000_000;

    public static readonly TimeSpan MaxIdempotencyAge = TimeSpan.FromDays(365);

    /// <summary>The JSON names of the two settings, which errors name as fields.</summary>
    public const string MaxEntriesField = "idempotency_max_entries";

    public const string MaxAgeField = "idempotency_max_age_seconds";

    /// <summary>Why these settings cannot apply (naming the field), or null when they can.</summary>
    public (string Field, string Message)? Problem()
    {
        if (IdempotencyMaxEntries is < 1 or > MaxIdempotencyEntries)
            return (MaxEntriesField, $"{MaxEntriesField} must be between 1 and {MaxIdempotencyEntries}, not {IdempotencyMaxEntries}");
        if (IdempotencyMaxAge < TimeSpan.FromSeconds(1) || IdempotencyMaxAge > MaxIdempotencyAge || IdempotencyMaxAge.Ticks % TimeSpan.TicksPerSecond != 0)
            return (MaxAgeField, $"{MaxAgeField} must be a whole number of seconds between 1 and {(long)MaxIdempotencyAge.TotalSeconds}, not {IdempotencyMaxAge.TotalSeconds}");
        return null;
    }

    /// <summary>In a snapshot: the entry bound (int32), then the age bound in milliseconds (int64).</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write(IdempotencyMaxEntries);
        writer.Write((long)IdempotencyMaxAge.TotalMilliseconds);
    }

    public static ClusterSettings Read(BinaryReader reader)
    {
        var entries = reader.ReadInt32();
        var ageMs = reader.ReadInt64();
        if (ageMs < 0 || ageMs > (long)MaxIdempotencyAge.TotalMilliseconds) throw new InvalidDataException($"a snapshot holds an idempotency age bound of {ageMs} ms");
        var settings = new ClusterSettings(entries, TimeSpan.FromMilliseconds(ageMs));
        if (settings.Problem() is { } problem) throw new InvalidDataException($"a snapshot holds settings that cannot apply: {problem.Message}");
        return settings;
    }
}
