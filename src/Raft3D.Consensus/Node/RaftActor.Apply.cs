using Akka.Actor;
using Akka.Event;
using Raft3D.Consensus.Diagnostics;
using Raft3D.Consensus.Log;
using Raft3D.Consensus.Membership;

namespace Raft3D.Consensus.Node;

/// <summary>Committed entries to the state machine, in log order and once each, and their answers.</summary>
public sealed partial class RaftActor
{
    private void Apply(LogEntry entry)
    {
        if (entry.Index != _appliedIndex + 1)
            throw new InvalidOperationException($"entry {entry.Index} handed out for apply after {_appliedIndex}: entries must apply in order, once");
        byte[]? result = null;
        switch (entry.Kind)
        {
            case EntryKind.Command:
                result = _stateMachine.Apply(entry.Index, entry.Data);
                break;
            case EntryKind.Configuration:
                var configuration = ConfigurationCodec.Decode(entry.Data);
                _logger.Info("Configuration at index {0} committed: {1}", entry.Index, configuration);
                foreach (var removed in _committedConfiguration.All.Where(m => !configuration.Contains(m.Id)))
                    _akkaCluster.OnRemovalCommitted(removed);
                _committedConfiguration = configuration;
                if (_pendingConfigurations.TryTake(entry.Index, out var change))
                {
                    change.ReplyTo.Tell(change.Term == entry.Term
                        ? new MembershipResult.Done(entry.Index, configuration)
                        : new MembershipResult.NoLeader("leadership changed before the change committed; it was not applied"));
                }
                break;
        }
        _appliedIndex = entry.Index;
        if (!_pendingProposals.TryTake(entry.Index, out var pending)) return;
        if (pending.Term == entry.Term && result is not null)
        {
            // Metrics are counted before the answer, so whoever reads the answer sees them counted.
            _metrics.ProposalCommitted();
            pending.ReplyTo.Tell(new ProposeResult.Applied(entry.Index,
                pending.PreviousReleaseAnswers ? _stateMachine.AnswerForPreviousRelease(result) : result));
            EndTrace(entry.Index, null);
        }
        else
        {
            // Another leader's entry took this index: ours was never committed.
            _metrics.ProposalFailed("not_committed");
            pending.ReplyTo.Tell(new ProposeResult.NoLeader("leadership changed before the command committed; it was not applied"));
            EndTrace(entry.Index, "not committed");
        }
    }

    private void EndTrace(long index, string? error)
    {
        if (_traces.Count > 0 && _traces.Remove(index, out var trace)) RaftTracing.End(trace, error);
    }
}
