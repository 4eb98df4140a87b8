using Raft3D.Server.Hosting;

// Socket completions run on the runtime's epoll thread instead of being queued to the thread
// pool: Kestrel and DotNetty both hand the data on to their own queues at once, so the hop
// only cost a thread wake-up per received message (1-client write p50 1.15-1.21 -> 1.03-1.05
// ms in the benchmark, docs/benchmarks.md). Read once, when the first socket is used; an
// operator's own setting wins.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");

return await Raft3DApp.RunAsync(args, Console.Out, Console.Error);
