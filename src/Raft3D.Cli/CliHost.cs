namespace Raft3D.Cli;

/// <summary>
/// Where the CLI writes and how it reaches the nodes: the process's console and sockets, or a
/// test's writers and fake nodes. Colours apply to stdout only; errors stay plain text.
/// </summary>
public sealed record CliHost(TextWriter Stdout, TextWriter Stderr, Func<HttpMessageHandler>? Handler = null, bool Colors = false);
