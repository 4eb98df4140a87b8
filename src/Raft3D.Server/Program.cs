using Raft3D.Server.Hosting;

return await Raft3DApp.RunAsync(args, Console.Out, Console.Error);
