using Akka.Actor;
using Akka.Event;
using Raft3D.Consensus.Persistence;

namespace Raft3D.Consensus.Node;

/// <summary>
/// Journal faults (a disk that is full or failing, a lock held past the busy timeout). A write or
/// a recovery that fails stops this incarnation: what it holds in memory may be ahead of its
/// journal, so it must not go on. <see cref="RaftSupervisor"/> starts a new one after a back-off,
/// which rebuilds term, vote and log from the journal, so no vote is ever forgotten; clients whose
/// writes were in flight time out with "outcome unknown". <see cref="JournalHealth"/> tells the
/// host, which reports the node not ready meanwhile and exits if the fault outlasts its bound.
/// </summary>
public sealed partial class RaftActor
{
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _settings.JournalHealth.Failed("writing to the journal failed", cause);
        _logger.Error("Writing event {0} to the journal failed ({1}); this Raft actor stops and restarts from its journal",
            sequenceNr, _settings.JournalHealth.Fault?.LastError);
        Context.Stop(Self);
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _settings.JournalHealth.Failed("reading the journal failed", reason);
        _logger.Error("Reading the journal failed ({0}); this Raft actor stops and tries again", _settings.JournalHealth.Fault?.LastError);
        Context.Stop(Self);
    }

    /// <summary>
    /// After a fault, a new incarnation proves the journal works with one write of the state it
    /// recovered (replaying it changes nothing), so an idle node reports ready again without
    /// waiting for traffic. Its success clears the fault (<see cref="CompleteWrittenReadies"/> for
    /// every other write).
    /// </summary>
    private void ProbeJournalAfterFault()
    {
        if (!_settings.JournalHealth.IsFailing) return;
        PersistAsync(new HardStateChanged(_core.Term, _core.VotedFor), _ =>
        {
            _settings.JournalHealth.Wrote();
            _logger.Info("The journal accepts writes again");
        });
    }
}
