package dev.iotlab.operator.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The operator jar's commands besides running the operator ({@code java -jar iotlab-operator.jar <command>}), parsed
 * by picocli. To add one: a class annotated {@code @Command(name = ...)} implementing {@code Callable<Integer>}
 * (exit code: 0 done, 1 bad input or cluster, 2 usage) that takes its streams in its constructor, and one
 * {@code addSubcommand} line in {@link #commandLine}. Usage errors print the message and the command's usage.
 */
@Command(name = "iotlab-operator", synopsisHeading = "usage: ",
        description = "Without a command: runs the operator. Commands work without starting it.")
public final class OperatorCli {
    private OperatorCli() {
    }

    static CommandLine commandLine(InputStream stdin, PrintStream out, PrintStream err,
                                   Supplier<KubernetesClient> clients) {
        CommandLine cli = new CommandLine(new OperatorCli())
                .addSubcommand(new RenderCommand(stdin, out, err))
                .addSubcommand(new HandoutCommand(stdin, out, err, clients))
                .addSubcommand(new DoctorCommand(out, err));
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setUsageHelpWidth(120);
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println(e instanceof CommandLine.UnmatchedArgumentException u
                    ? "unknown argument " + String.join(" ", u.getUnmatched()) : "error: " + e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return CommandLine.ExitCode.USAGE;
        });
        return cli;
    }

    /** Whether {@code name} is one of the commands (else the jar runs the operator). */
    public static boolean isCommand(String name) {
        return commandLine(InputStream.nullInputStream(), System.out, System.err, () -> null)
                .getSubcommands().containsKey(name);
    }

    /** Runs {@code args} (the command's name first); returns the exit code. */
    public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        return run(args, stdin, out, err, () -> new KubernetesClientBuilder().build());
    }

    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err,
                   Supplier<KubernetesClient> clients) {
        return commandLine(stdin, out, err, clients).execute(args);
    }

    /** {@code name} followed by {@code args}. */
    static String[] prepend(String name, String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = name;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }
}
