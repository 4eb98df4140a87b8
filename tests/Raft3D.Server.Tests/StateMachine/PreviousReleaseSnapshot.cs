using Raft3D.Server.Idempotency;

namespace Raft3D.Server.Tests.StateMachine;

/// <summary>
/// What a node of the previous release (v0.1.0) saved: "R3DS", version 1, an empty idempotency
/// table, then farm snapshot format 2 (no versions). Printer p1 (Prusa MK4), filament f1 (PLA,
/// red, 1000 g, 900 left), job j1 (a.gcode, 100 g, Queued).
/// </summary>
public static class PreviousReleaseSnapshot
{
    public static byte[] Bytes()
    {
        var farm = Convert.FromHexString("5233444602" + "01" + "027031" + "055072757361" + "034D4B34" +
                                         "01" + "026631" + "00" + "03726564" + "E807" + "8407" +
                                         "01" + "026A31" + "00" + "00" + "07612E67636F6465" + "64" + "00");
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write("R3DS"u8);
            writer.Write((byte)1);
            new IdempotencyTable(100, TimeSpan.FromHours(1)).Write(writer);
            writer.Write7BitEncodedInt(farm.Length);
            writer.Write(farm);
        }
        return stream.ToArray();
    }
}
