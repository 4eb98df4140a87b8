using Raft3D.Chaos.History;

namespace Raft3D.Chaos.Checker;

/// <summary>
/// Wing and Gong's linearizability search with Lowe's memoisation, as Knossos and Porcupine
/// do it. The history of one key becomes a list of call and return entries in time order.
/// Walking the list, the search tries to linearize each pending call (apply it to the model;
/// its recorded answer must match); on success the call and its return are lifted out of the
/// list and the walk restarts from the front. Reaching the return of an operation that is not
/// linearized yet means the current order cannot be extended: the last choice is undone
/// (backtracking). A (linearized set, state) pair already explored is never explored again.
/// An operation whose outcome is unknown (Info) returns at +infinity, so it may take effect at
/// any point after its call, or (equivalently) never.
/// </summary>
public static class LinearizabilityChecker
{
    public const long DefaultStepBudget = 20_000_000;

    public static LinearizabilityResult Check<TState>(string key, IModel<TState> model, IReadOnlyList<Operation> operations,
        long stepBudget = DefaultStepBudget) where TState : IEquatable<TState>
    {
        var n = operations.Count;
        var head = BuildEntries(operations);
        var linearized = new Bits(n);
        var seen = new HashSet<(Bits, TState)>();
        var stack = new Stack<(Entry Call, TState Before)>();
        var state = model.Initial;
        var best = new List<int>();
        var bestState = state;
        Operation? blocked = null;
        long steps = 0;

        var entry = head.Next;
        while (head.Next is not null)
        {
            if (++steps > stepBudget)
                return new LinearizabilityResult(key, LinearizabilityOutcome.Unknown, operations, steps, [], "", null);
            if (entry!.IsCall)
            {
                var op = operations[entry.Op];
                if (model.Step(state, op, out var next))
                {
                    var with = linearized.With(entry.Op);
                    if (seen.Add((with, next)))
                    {
                        stack.Push((entry, state));
                        state = next;
                        linearized = with;
                        Lift(entry);
                        if (stack.Count > best.Count)
                        {
                            best = stack.Select(s => s.Call.Op).Reverse().ToList();
                            bestState = state;
                            blocked = null;
                        }
                        entry = head.Next;
                        continue;
                    }
                }
                entry = entry.Next;
            }
            else
            {
                // The return of an operation no order so far can explain: undo the last choice.
                if (stack.Count == best.Count && blocked is null) blocked = operations[entry.Op];
                if (stack.Count == 0)
                {
                    return new LinearizabilityResult(key, LinearizabilityOutcome.NotLinearizable, operations, steps,
                        best.Select(i => operations[i]).ToList(), model.Describe(bestState), blocked);
                }
                var (call, before) = stack.Pop();
                state = before;
                linearized = linearized.Without(call.Op);
                Unlift(call);
                entry = call.Next;
            }
        }
        return new LinearizabilityResult(key, LinearizabilityOutcome.Linearizable, operations, steps,
            best.Select(i => operations[i]).ToList(), model.Describe(state), null);
    }

    /// <summary>The entries as a doubly linked list behind a sentinel head: calls before returns at equal times.</summary>
    private static Entry BuildEntries(IReadOnlyList<Operation> operations)
    {
        var entries = new List<Entry>(operations.Count * 2);
        for (var i = 0; i < operations.Count; i++)
        {
            var call = new Entry(i, true, operations[i].InvokeNs);
            var ret = new Entry(i, false, operations[i].ReturnNs);
            call.Match = ret;
            entries.Add(call);
            entries.Add(ret);
        }
        entries.Sort((a, b) =>
        {
            var byTime = a.Time.CompareTo(b.Time);
            if (byTime != 0) return byTime;
            // At the same instant a call goes first: the two operations then count as concurrent.
            if (a.IsCall != b.IsCall) return a.IsCall ? -1 : 1;
            return a.Op.CompareTo(b.Op);
        });
        var head = new Entry(-1, false, long.MinValue);
        var previous = head;
        foreach (var e in entries)
        {
            previous.Next = e;
            e.Prev = previous;
            previous = e;
        }
        return head;
    }

    private static void Lift(Entry call)
    {
        call.Prev!.Next = call.Next;
        call.Next!.Prev = call.Prev;
        var ret = call.Match!;
        ret.Prev!.Next = ret.Next;
        if (ret.Next is not null) ret.Next.Prev = ret.Prev;
    }

    private static void Unlift(Entry call)
    {
        var ret = call.Match!;
        ret.Prev!.Next = ret;
        if (ret.Next is not null) ret.Next.Prev = ret;
        call.Prev!.Next = call;
        call.Next!.Prev = call;
    }

    private sealed class Entry(int op, bool isCall, long time)
    {
        public int Op { get; } = op;
        public bool IsCall { get; } = isCall;
        public long Time { get; } = time;
        public Entry? Match { get; set; }
        public Entry? Prev { get; set; }
        public Entry? Next { get; set; }
    }

    /// <summary>An immutable bit set of linearized operations, compared by value.</summary>
    private readonly struct Bits : IEquatable<Bits>
    {
        private readonly ulong[] _words;
        private readonly int _hash;

        public Bits(int size) : this(new ulong[(size + 63) / 64]) { }

        private Bits(ulong[] words)
        {
            _words = words;
            var hash = new HashCode();
            foreach (var w in words) hash.Add(w);
            _hash = hash.ToHashCode();
        }

        public Bits With(int i)
        {
            var words = (ulong[])_words.Clone();
            words[i >> 6] |= 1UL << (i & 63);
            return new Bits(words);
        }

        public Bits Without(int i)
        {
            var words = (ulong[])_words.Clone();
            words[i >> 6] &= ~(1UL << (i & 63));
            return new Bits(words);
        }

        public bool Equals(Bits other) => _hash == other._hash && _words.AsSpan().SequenceEqual(other._words);

        public override bool Equals(object? obj) => obj is Bits other && Equals(other);

        public override int GetHashCode() => _hash;
    }
}
