using BenchmarkDotNet.Running;

// Microbenchmarks of the hot paths, e.g.:
//   dotnet run -c Release --project bench/Raft3D.Benchmarks -- --filter '*PrintFarm*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
