using System.CommandLine;

namespace Raft3D.Cli.Commands;

/// <summary>
/// `raft3d completion bash`: a bash completion script. It asks raft3d itself through
/// System.CommandLine's [suggest] directive, so the completions are always this binary's own
/// commands, options and values.
/// </summary>
public static class CompletionCommand
{
    public const string Bash = """
        # raft3d completion for bash: eval "$(raft3d completion bash)", e.g. in ~/.bashrc
        _raft3d_complete() {
            local cur="${COMP_WORDS[COMP_CWORD]}" IFS=$'\n'
            local line="${COMP_LINE:0:COMP_POINT}"
            # Without the program's own name, as the [suggest] directive expects.
            local args="${line#"${COMP_WORDS[0]}"}"
            args="${args# }"
            local candidates
            candidates=$("${COMP_WORDS[0]}" "[suggest:${#args}]" "$args" 2>/dev/null)
            COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
        }
        complete -o default -F _raft3d_complete raft3d
        """;

    public static Command Build(CliHost host)
    {
        var completion = new Command("completion", "Print a shell completion script");
        var bash = new Command("bash", """Completion for bash: eval "$(raft3d completion bash)" (e.g. in ~/.bashrc)""");
        bash.SetAction(_ =>
        {
            host.Stdout.WriteLine(Bash);
            return 0;
        });
        completion.Subcommands.Add(bash);
        return completion;
    }
}
