using System.Runtime.InteropServices;

namespace Raft3D.Chaos.Cluster;

/// <summary>Signals to processes by id (Linux numbering).</summary>
public static class Posix
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);

    /// <summary>Sends the signal; false when the process does not exist (any more).</summary>
    public static bool Signal(int pid, int signal) => SysKill(pid, signal) == 0;

    public static bool IsAlive(int pid) => SysKill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == 1; // EPERM: exists
}
