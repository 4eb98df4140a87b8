using Raft3D.Cli;
using Raft3D.Cli.Output;

return await Raft3DCli.RunAsync(args, new CliHost(Console.Out, Console.Error, Colors: ColorPolicy.ForConsole(Console.IsOutputRedirected)));
