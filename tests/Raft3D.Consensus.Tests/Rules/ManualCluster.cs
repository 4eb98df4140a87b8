using Raft3D.Consensus.Core;
using Raft3D.Consensus.Log;
using Raft3D.Consensus.Membership;
using Raft3D.Consensus.Messages;
using Raft3D.Consensus.Node;
using Raft3D.Consensus.Persistence;

namespace Raft3D.Consensus.Tests.Rules;

/// <summary>
/// A few cores whose messages the test delivers by hand. Persistence is instant: each Ready's
/// messages (both kinds) join the in-flight list and its stable index is reported at once, so
/// a test sees the protocol's logic without storage delays (the simulation covers those).
/// </summary>
internal sealed class ManualCluster
{
    private readonly Dictionary<string, RaftCore> _cores = [];

    public ManualCluster(RaftOptions options, IEnumerable<(string Id, long Term, RaftLog Log)> nodes)
    {
        Options = options;
        foreach (var (id, term, log) in nodes)
        {
            _cores[id] = new RaftCore(id, options, new Random(id.Sum(c => c)), term, null, log, ClusterConfiguration.Empty);
            Applied[id] = [];
            Reads[id] = [];
            FailedReads[id] = [];
            Events[id] = [];
        }
    }

    public RaftOptions Options { get; }

    public RaftCore this[string id] => _cores[id];

    public IEnumerable<RaftCore> Cores => _cores.Values;

    public List<Envelope> InFlight { get; } = [];

    /// <summary>Servers cut off: messages from or to them are dropped on delivery.</summary>
    public HashSet<string> Isolated { get; } = [];

    public Dictionary<string, List<LogEntry>> Applied { get; } = [];

    public Dictionary<string, List<ReadState>> Reads { get; } = [];

    public Dictionary<string, List<long>> FailedReads { get; } = [];

    public Dictionary<string, List<object>> Events { get; } = [];

    /// <summary>How often each core asked its host for a snapshot (Ready.SnapshotRequested).</summary>
    public Dictionary<string, int> SnapshotRequests { get; } = [];

    public static ClusterConfiguration Configuration(params string[] ids) =>
        new(ids.Select(id => new Member(id, $"akka.tcp://raft@{id}:1", $"http://{id}")).ToArray(), []);

    /// <summary>Fresh servers, each bootstrapped with the same configuration (log: the configuration at index 1, term 1).</summary>
    public static ManualCluster Bootstrapped(RaftOptions options, params string[] ids)
    {
        var cluster = new ManualCluster(options, ids.Select(id => (id, 0L, new RaftLog())));
        foreach (var id in ids)
        {
            cluster[id].Bootstrap(Configuration(ids));
            cluster.Flush(id);
        }
        return cluster;
    }

    /// <summary>Fresh servers for every member of the configuration, each bootstrapped with it.</summary>
    public static ManualCluster Bootstrapped(RaftOptions options, ClusterConfiguration configuration)
    {
        var ids = configuration.All.Select(m => m.Id).ToArray();
        var cluster = new ManualCluster(options, ids.Select(id => (id, 0L, new RaftLog())));
        foreach (var id in ids)
        {
            cluster[id].Bootstrap(configuration);
            cluster.Flush(id);
        }
        return cluster;
    }

    /// <summary>
    /// The server's store is wiped and it starts again empty and not bootstrapped, as a server
    /// rejoining under the same id would (or a new one, for an id not seen before).
    /// </summary>
    public RaftCore StartEmpty(string id)
    {
        _cores[id] = new RaftCore(id, Options, new Random(id.Sum(c => c) + 1), 0, null, new RaftLog(), ClusterConfiguration.Empty);
        Applied[id] = [];
        Reads[id] = [];
        FailedReads[id] = [];
        Events[id] = [];
        return _cores[id];
    }

    /// <summary>Every server ticks once, then the messages are delivered; repeated rounds times or until done holds.</summary>
    public void Run(int rounds, Func<bool>? done = null)
    {
        for (var i = 0; i < rounds && done?.Invoke() != true; i++)
        {
            foreach (var id in _cores.Keys.ToList()) Tick(id);
            DeliverAll();
        }
    }

    /// <summary>Servers with prepared logs: the configuration at index 1, then entries of the given terms.</summary>
    public static ManualCluster WithLogs(RaftOptions options, string[] ids, long term, params long[][] extraTerms)
    {
        var configuration = new LogEntry(1, 1, EntryKind.Configuration, ConfigurationCodec.Encode(Configuration(ids)));
        return new ManualCluster(options, ids.Select((id, i) =>
        {
            var log = new RaftLog();
            log.Append([configuration]);
            log.Append(Logs.Entries(2, extraTerms[i]));
            return (id, term, log);
        }));
    }

    /// <summary>
    /// The server's process restarts from its (instantly durable) term, vote and log, with a
    /// fresh Random as a new process would have; everything else it held in memory is gone.
    /// </summary>
    public RaftCore Restart(string id, Random random)
    {
        var old = _cores[id];
        _cores[id] = new RaftCore(id, Options, random, old.Term, old.VotedFor, old.Log, ClusterConfiguration.Empty);
        Flush(id);
        return _cores[id];
    }

    /// <summary>Carries out the core's Ready as if every write were durable at once.</summary>
    public void Flush(string id)
    {
        var core = _cores[id];
        while (true)
        {
            var ready = core.TakeReady();
            if (ready.IsEmpty) return;
            Events[id].AddRange(JournalEvents.Of(ready));
            InFlight.AddRange(ready.Messages);
            InFlight.AddRange(ready.MessagesAfterPersist);
            Applied[id].AddRange(ready.CommittedEntries);
            Reads[id].AddRange(ready.ReadStates);
            FailedReads[id].AddRange(ready.FailedReads);
            if (ready.SnapshotRequested) SnapshotRequests[id] = SnapshotRequests.GetValueOrDefault(id) + 1;
            if (ready.StableTo is { } stable) core.OnStable(stable.Index, stable.Term);
        }
    }

    public void Step(string to, IRaftMessage message)
    {
        _cores[to].Step(message);
        Flush(to);
    }

    public void Tick(string id, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _cores[id].Tick();
            Flush(id);
        }
    }

    /// <summary>Takes the in-flight messages matching the predicate out of the network.</summary>
    public List<Envelope> Take(Func<Envelope, bool> predicate)
    {
        var taken = InFlight.Where(predicate).ToList();
        InFlight.RemoveAll(e => predicate(e));
        return taken;
    }

    /// <summary>Delivers one envelope (unless an end is isolated).</summary>
    public void Deliver(Envelope envelope)
    {
        if (Isolated.Contains(envelope.To) || Isolated.Contains(envelope.Message.From)) return;
        Step(envelope.To, envelope.Message);
    }

    /// <summary>Delivers in-flight messages, and those they cause, until none is left; drop discards some.</summary>
    public void DeliverAll(Func<Envelope, bool>? drop = null)
    {
        for (var delivered = 0; InFlight.Count > 0; delivered++)
        {
            if (delivered > 100_000) throw new InvalidOperationException("messages never quiesce");
            var envelope = InFlight[0];
            InFlight.RemoveAt(0);
            if (drop?.Invoke(envelope) == true) continue;
            Deliver(envelope);
        }
    }

    /// <summary>Lets one server's election timer run out, then delivers the election.</summary>
    public void Campaign(string id, Func<Envelope, bool>? drop = null)
    {
        for (var i = 0; i <= 2 * Options.ElectionTicks && _cores[id].Role is RaftRole.Follower; i++) Tick(id);
        DeliverAll(drop);
    }

    public RaftCore ElectLeader(string id)
    {
        Campaign(id);
        Assert.Equal(RaftRole.Leader, _cores[id].Role);
        return _cores[id];
    }
}
