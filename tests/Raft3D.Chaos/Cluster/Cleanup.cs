namespace Raft3D.Chaos.Cluster;

/// <summary>
/// Everything a run must undo however it ends (node processes, namespaces, the bridge):
/// registered here, undone in reverse order by <see cref="RunAll"/>, which the program calls
/// on normal exit, Ctrl+C and SIGTERM, and which also runs when the process exits.
/// </summary>
public static class Cleanup
{
    private static readonly List<(int Id, Action Undo)> Actions = [];
    private static int _next;

    static Cleanup()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => RunAll();
    }

    /// <summary>Registers an undo action; dispose the result to unregister it once done.</summary>
    public static IDisposable Register(Action undo)
    {
        lock (Actions)
        {
            var id = _next++;
            Actions.Add((id, undo));
            return new Registration(id);
        }
    }

    public static void RunAll()
    {
        List<(int Id, Action Undo)> pending;
        lock (Actions)
        {
            pending = [.. Actions];
            Actions.Clear();
        }
        for (var i = pending.Count - 1; i >= 0; i--)
        {
            try
            {
                pending[i].Undo();
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"cleanup: {e.Message}");
            }
        }
    }

    private sealed class Registration(int id) : IDisposable
    {
        public void Dispose()
        {
            lock (Actions) Actions.RemoveAll(a => a.Id == id);
        }
    }
}
