using Akka.Actor;
using Akka.Pattern;

namespace Raft3D.Consensus.Node;

/// <summary>
/// The Raft actor under Akka's back-off supervisor: a Raft actor that stopped on a journal failure
/// (<see cref="RaftActor"/>'s OnPersistFailure) is started again after a back-off, doubling from
/// RestartMinBackoff up to RestartMaxBackoff, until the journal works again. The supervisor takes
/// the actor's name and forwards every message to the current incarnation, so peers and the host
/// keep addressing /user/NAME; while no incarnation runs, messages go to dead letters and askers
/// time out (a write's outcome is then unknown, never wrongly reported).
/// </summary>
public static class RaftSupervisor
{
    /// <summary>The incarnation's name under the supervisor.</summary>
    public const string ChildName = "node";

    public static Props Props(RaftNodeSettings settings) => BackoffSupervisor.Props(
        Backoff.OnStop(RaftActor.Props(settings), ChildName, settings.RestartMinBackoff, settings.RestartMaxBackoff, randomFactor: 0.2,
                // Unbounded here: the host decides when a fault has lasted too long (JournalHealth.ShouldGiveUp).
                maxNrOfRetries: -1)
            // A restart that stays up resets the back-off, so a later fault starts from the minimum again.
            .WithAutoReset(settings.RestartMaxBackoff + settings.RestartMaxBackoff));
}
