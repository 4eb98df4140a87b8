using Raft3D.Cli;

return await Raft3DCli.RunAsync(args, Console.Out, Console.Error);
