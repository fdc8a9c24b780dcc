package dev.iotlab.operator;

import dev.iotlab.operator.cli.OperatorCli;
import io.micronaut.runtime.Micronaut;

/**
 * `java -jar iotlab-operator.jar` runs the operator; `java -jar iotlab-operator.jar <command>` runs one of
 * {@link OperatorCli}'s commands instead ({@code render}, {@code handout}, {@code doctor}; e.g. {@code render -f
 * lab.yaml} prints, without a cluster, every object the operator would create).
 */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && OperatorCli.isCommand(args[0])) {
            System.exit(OperatorCli.run(args, System.in, System.out, System.err));
        }
        Micronaut.build(args).banner(false).start();
    }
}
