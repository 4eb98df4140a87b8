namespace Raft3D.Server.StateMachine;

/// <summary>
/// The result bytes the Raft actor hands back for one command: a kind, then either the farm's
/// encoded result (Applied, Replayed) or a message (KeyReused, Malformed).
/// </summary>
public sealed record ApplyOutcome(ApplyOutcomeKind Kind, byte[] FarmResult, string? Message)
{
    public static ApplyOutcome Applied(byte[] farmResult) => new(ApplyOutcomeKind.Applied, farmResult, null);

    public static ApplyOutcome Replayed(byte[] farmResult) => new(ApplyOutcomeKind.Replayed, farmResult, null);

    public static ApplyOutcome KeyReused(string message) => new(ApplyOutcomeKind.KeyReused, [], message);

    public static ApplyOutcome Malformed(string message) => new(ApplyOutcomeKind.Malformed, [], message);

    public static ApplyOutcome UpgradeInProgress(string message) => new(ApplyOutcomeKind.UpgradeInProgress, [], message);

    public byte[] Encode()
    {
        if (Kind is ApplyOutcomeKind.Applied or ApplyOutcomeKind.Replayed)
        {
            var bytes = new byte[FarmResult.Length + 1];
            bytes[0] = (byte)Kind;
            FarmResult.CopyTo(bytes, 1);
            return bytes;
        }
        var text = System.Text.Encoding.UTF8.GetBytes(Message ?? "");
        var result = new byte[text.Length + 1];
        result[0] = (byte)Kind;
        text.CopyTo(result, 1);
        return result;
    }

    public static ApplyOutcome Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) throw new InvalidDataException("empty apply outcome");
        var kind = (ApplyOutcomeKind)bytes[0];
        return kind switch
        {
            ApplyOutcomeKind.Applied or ApplyOutcomeKind.Replayed => new ApplyOutcome(kind, bytes[1..].ToArray(), null),
            ApplyOutcomeKind.KeyReused or ApplyOutcomeKind.Malformed or ApplyOutcomeKind.UpgradeInProgress => new ApplyOutcome(kind, [], System.Text.Encoding.UTF8.GetString(bytes[1..])),
            _ => throw new InvalidDataException($"unknown apply outcome kind {bytes[0]}"),
        };
    }
}
