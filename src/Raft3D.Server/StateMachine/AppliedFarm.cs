namespace Raft3D.Server.StateMachine;

/// <summary>
/// The farm this node has applied, published after every log entry the state machine applies as
/// an immutable <see cref="PrintFarm.FarmView"/> tagged with its Raft index, for reads that run on their
/// own threads instead of the Raft actor's. One per node, shared by every incarnation of its
/// state machine (the actor's supervisor may start a new one): a view never goes back, so an
/// incarnation replaying its log from a snapshot shows nothing older than its predecessor did.
/// </summary>
public sealed class AppliedFarm
{
    private readonly object _gate = new();
    private volatile AppliedView? _latest;

    /// <summary>
    /// The newest view: what a local read (?consistency=local) answers from. Null until the
    /// first state machine has restored or applied anything (the Raft actor is still starting).
    /// </summary>
    public AppliedView? Latest => _latest;

    /// <summary>Publishes the farm as of Raft index; ignored when a newer one is out (a replay after a restart).</summary>
    public void Publish(AppliedView view)
    {
        lock (_gate)
        {
            if (_latest is null || view.Index >= _latest.Index) _latest = view;
        }
    }
}
