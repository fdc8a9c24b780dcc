package dev.iotlab.operator;

import dev.iotlab.operator.cli.DoctorCommand;
import dev.iotlab.operator.cli.OperatorCli;
import io.micronaut.runtime.Micronaut;
import java.util.Arrays;

/**
 * `java -jar iotlab-operator.jar` runs the operator; `java -jar iotlab-operator.jar <command>` runs one of
 * {@link OperatorCli}'s commands instead (e.g. `render -f lab.yaml` prints, without a cluster, every object the
 * operator would create).
 */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && OperatorCli.isCommand(args[0])) {
            System.exit(OperatorCli.run(args, System.in, System.out, System.err));
        }
        // doctor still parses its own arguments; to move it under OperatorCli see that class's comment.
        if (args.length > 0 && DoctorCommand.NAME.equals(args[0])) {
            System.exit(DoctorCommand.run(Arrays.copyOfRange(args, 1, args.length), System.in, System.out, System.err));
        }
        Micronaut.build(args).banner(false).start();
    }
}
