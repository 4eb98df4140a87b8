using Raft3D.Consensus;
using Raft3D.Consensus.Snapshots;
using Raft3D.PrintFarm;
using Raft3D.PrintFarm.Encoding;
using Raft3D.Server.Cluster;
using Raft3D.Server.Events;
using Raft3D.Server.Idempotency;
using Raft3D.Server.Settings;

namespace Raft3D.Server.StateMachine;

/// <summary>
/// The state machine Raft drives on this node: the print farm plus the idempotency table.
/// Every method runs on the Raft actor's thread, in log order. After each entry it publishes
/// the farm as an immutable view (<see cref="Current"/>, and the node's <see cref="AppliedFarm"/>)
/// that reads (see <see cref="Api.FarmViewReader"/>) run on off that thread. Each applied command
/// is reported to the node's change feed, the event window of GET /api/v1/events, when there is one.
/// Nothing about applying comes from this node's configuration: the idempotency bounds are the
/// cluster's settings, set through the log (SPEC §11).
/// </summary>
public sealed class FarmStateMachine(IAppliedChanges<FarmEvent>? events = null, AppliedFarm? applied = null) : IStateMachine
{
    private static readonly byte[] Magic = "R3DS"u8.ToArray();

    /// <summary>Version 1 has no settings (what every earlier release wrote); 2 has them after the version byte.</summary>
    private const byte Version = 1, VersionWithSettings = 2;

    public PrintFarmState Farm { get; private set; } = new();

    public IdempotencyTable Idempotency { get; } = new(ClusterSettings.Unset.IdempotencyMaxEntries, ClusterSettings.Unset.IdempotencyMaxAge);

    /// <summary>The settings the log has set; null while it has set none (<see cref="ClusterSettings.Unset"/> apply).</summary>
    public ClusterSettings? Settings { get; private set; }

    /// <summary>The farm as of the last entry this state machine applied or restored: O(1) to take, safe on any thread.</summary>
    public AppliedView Current { get; private set; } = new(0, new PrintFarmState().View, null);

    public byte[] Apply(long index, ReadOnlySpan<byte> command)
    {
        var result = ApplyCommand(index, command);
        Publish(index);
        return result;
    }

    /// <summary>
    /// The leader writes its clock into the envelope: the idempotency table ages keys by it, so a
    /// node whose clock runs fast cannot evict keys early by taking a request.
    /// </summary>
    public byte[] Stamp(byte[] command, long leaderTimeMs) => CommandEnvelopeCodec.WithTimestamp(command, leaderTimeMs);

    /// <summary>
    /// A node of the previous release (v0.1.0) that forwarded a write reads Created and Updated
    /// only without the object's version: the answer it gets is written that way (docs/operations.md,
    /// "Upgrading"). Anything else it can send is answered as it is.
    /// </summary>
    public byte[] AnswerForPreviousRelease(byte[] result)
    {
        var outcome = ApplyOutcome.Decode(result);
        if (outcome.Kind is not (ApplyOutcomeKind.Applied or ApplyOutcomeKind.Replayed)) return result;
        try
        {
            return (outcome with { FarmResult = FarmResultCodec.EncodeForPreviousRelease(FarmResultCodec.Decode(outcome.FarmResult)) }).Encode();
        }
        catch (InvalidDataException)
        {
            return result;
        }
    }

    private void Publish(long index)
    {
        Current = new AppliedView(index, Farm.View, Settings);
        applied?.Publish(Current);
    }

    private byte[] ApplyCommand(long index, ReadOnlySpan<byte> command)
    {
        if (ClusterSettingsEntry.IsOne(command)) return ApplySettings(index, command);
        CommandEnvelope envelope;
        PrintFarm.Commands.FarmCommand farmCommand;
        try
        {
            envelope = CommandEnvelopeCodec.Decode(command);
            farmCommand = FarmCommandCodec.Decode(envelope.Command);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException or ArgumentException)
        {
            // Deterministic on every node: the same bytes fail the same way. Nothing changes.
            events?.Applied(index, null);
            return ApplyOutcome.Malformed($"log entry {index} is not a command this node understands: {e.Message}").Encode();
        }

        Idempotency.Advance(envelope.TimestampMs);
        if (envelope.IdempotencyKey is { } key && Idempotency.Find(key) is { } seen)
        {
            // A retry: the first attempt's change was its event; this one changes nothing.
            events?.Applied(index, null);
            return seen.Fingerprint.AsSpan().SequenceEqual(envelope.Fingerprint)
                ? ApplyOutcome.Replayed(seen.Result).Encode()
                : ApplyOutcome.KeyReused($"Idempotency-Key '{key}' was already used for a different request; use a new key for a new request").Encode();
        }

        if (Settings is null && UpgradeRules.VersionNeeded(farmCommand) > UpgradeRules.PreviousReleaseVersion)
        {
            // Before the settings entry that ends an upgrade, a node of the previous release may
            // still apply this log: it would skip this command while this node applied it. And
            // versions agree on every node only from that entry on (see ApplySettings).
            events?.Applied(index, null);
            return ApplyOutcome.UpgradeInProgress(
                "the cluster has not applied its first settings entry yet, which its leader proposes once every member runs this release; retry shortly").Encode();
        }

        var farmResult = Farm.Apply(farmCommand, index);
        events?.Applied(index, FarmEventMapper.Map(index, farmCommand, farmResult));
        var result = FarmResultCodec.Encode(farmResult);
        if (envelope.IdempotencyKey is { } newKey) Idempotency.Record(newKey, envelope.Fingerprint, result);
        return ApplyOutcome.Applied(result).Encode();
    }

    /// <summary>
    /// New settings, or none: an entry that would leave settings that cannot apply changes
    /// nothing (on every node alike). The answer is the settings in effect after the entry.
    /// </summary>
    private byte[] ApplySettings(long index, ReadOnlySpan<byte> bytes)
    {
        events?.Applied(index, null);
        ClusterSettingsEntry entry;
        try
        {
            entry = ClusterSettingsEntry.Decode(bytes);
        }
        catch (InvalidDataException e)
        {
            return ApplyOutcome.Malformed($"log entry {index} is not a settings entry this node understands: {e.Message}").Encode();
        }
        if (!(entry.OnlyIfUnset && Settings is not null))
        {
            var next = entry.Over(Settings ?? ClusterSettings.Unset);
            if (next.Problem() is { } problem) return ApplyOutcome.Malformed($"log entry {index} sets {problem.Message}").Encode();
            // The first settings entry ends an upgrade from the previous release, whose snapshots
            // kept no versions: from this entry on every node holds the same ones.
            if (Settings is null) Farm.Restamp(index);
            Use(next);
        }
        return ApplyOutcome.Applied(ClusterSettingsEntry.Of(Settings ?? ClusterSettings.Unset).Encode()).Encode();
    }

    /// <summary>The cluster's settings from now on (null: none set), and the table bounded by them.</summary>
    private void Use(ClusterSettings? settings)
    {
        Settings = settings;
        var bounds = settings ?? ClusterSettings.Unset;
        Idempotency.Bound(bounds.IdempotencyMaxEntries, bounds.IdempotencyMaxAge);
    }

    /// <summary>
    /// "R3DS", version, the settings when the log has set any (version 2; without, the bytes
    /// are those of version 1, which the previous release reads), the idempotency table, then
    /// the farm's own snapshot (in the previous release's format too while no settings are set).
    /// </summary>
    public byte[] Snapshot()
    {
        using var bytes = new MemoryStream();
        CaptureSnapshot().WriteTo(bytes);
        return bytes.ToArray();
    }

    /// <summary>
    /// The idempotency table (bounded) is written at once; the farm, which may hold a million
    /// objects, is its immutable view, taken in O(1) here and serialised later off Raft's thread.
    /// </summary>
    public IStateSnapshot CaptureSnapshot()
    {
        using var table = new MemoryStream();
        using (var writer = new BinaryWriter(table, System.Text.Encoding.UTF8, leaveOpen: true)) Idempotency.Write(writer);
        // Until the first settings entry a member of the previous release may have to load this
        // snapshot (sent to it, or after a rollback): it is written in the format that release reads.
        return new CapturedState(Settings, table.ToArray(), Farm.CaptureSnapshot(previousRelease: Settings is null));
    }

    private sealed class CapturedState(ClusterSettings? settings, byte[] idempotencyTable, Action<Stream> farm) : IStateSnapshot
    {
        public void WriteTo(Stream sink)
        {
            // The farm's length comes before it: it is written aside first, in segments, as it
            // may be larger than any array.
            using var farmBytes = new SnapshotDataWriter();
            farm(farmBytes);
            using (var writer = new BinaryWriter(sink, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(settings is null ? Version : VersionWithSettings);
                settings?.Write(writer);
                writer.Write(idempotencyTable);
                // The same bytes as the 32-bit length of earlier releases up to 2 GiB.
                writer.Write7BitEncodedInt64(farmBytes.Length);
            }
            foreach (var segment in farmBytes.ToSnapshotData().Segments) sink.Write(segment);
        }
    }

    /// <summary>Raft's restore: the changes up to index are never applied here one by one, so the event window starts after it.</summary>
    public void Restore(long index, Stream snapshot)
    {
        Restore(snapshot);
        Publish(index);
        events?.Restored(index);
    }

    /// <summary>The log up to index is compacted: a stream may no longer resume before it, restarted or not.</summary>
    public void Compacted(long index) => events?.Compacted(index);

    /// <summary>Restores from bytes in memory (a backup being checked, a test).</summary>
    public void Restore(ReadOnlySpan<byte> snapshot)
    {
        using var stream = new MemoryStream(snapshot.ToArray(), writable: false);
        Restore(stream);
    }

    /// <summary>Restores from a stream that holds exactly one snapshot, read through once (it may be past 2 GiB).</summary>
    public void Restore(Stream stream)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic)) throw new InvalidDataException("not a Raft3D snapshot");
        var version = reader.ReadByte();
        if (version is not (Version or VersionWithSettings))
            throw new InvalidDataException($"snapshot version {version} is not supported (this release reads {Version} and {VersionWithSettings})");
        Use(version == VersionWithSettings ? ClusterSettings.Read(reader) : null);
        Idempotency.Read(reader);
        var length = reader.Read7BitEncodedInt64();
        // The farm is the rest of the stream, read through in place: a large farm is never copied whole.
        if (stream.CanSeek && length != stream.Length - stream.Position)
            throw new InvalidDataException($"the snapshot's farm is {length} bytes long by its header, but {stream.Length - stream.Position} bytes follow");
        Farm = PrintFarmState.FromSnapshot(stream);
        Current = new AppliedView(0, Farm.View, Settings);
    }
}
