using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Node;

namespace Raft3D.Consensus.Tests.Simulation;

/// <summary>
/// Something that happens at a simulated time. Incarnation ties ticks and disk writes to one
/// process lifetime of the node, so those of a crashed process never reach its successor.
/// </summary>
internal sealed record SimEvent(SimEventKind Kind, int Node, long Incarnation = 0, IRaftMessage? Message = null, int From = -1)
{
    public override string ToString() => Kind switch
    {
        SimEventKind.Deliver => $"deliver n{From}->n{Node} {Message}",
        _ => $"{Kind} n{Node}#{Incarnation}",
    };
}
