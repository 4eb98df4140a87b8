using BenchmarkDotNet.Running;

// Microbenchmarks of the hot paths, e.g.:
//   dotnet run -c Release --project bench/Raft3D.Benchmarks -- --filter '*PrintFarm*' --job short
//   dotnet run -c Release --project bench/Raft3D.Benchmarks -- --filter '*RaftSerializer*' '*RaftLog*' '*CommandEnvelope*'
BenchmarkSwitcher.FromAssembly(typeof(Raft3D.Benchmarks.PrintFarmBenchmarks).Assembly).Run(args);
