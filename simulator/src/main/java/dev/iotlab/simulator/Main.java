package dev.iotlab.simulator;

import dev.iotlab.contract.BadSetting;
import dev.iotlab.contract.SimulatorConfig;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point, parsed by picocli. {@code java -jar iotlab-simulator.jar} runs the simulator from environment
 * variables; {@code --scenario-check FILE...} validates scenario files and exits 1 on the first bad one. A new mode is
 * one more {@code @Option} here (or a subcommand class added with {@code addSubcommand} in {@link #run}).
 */
@Command(name = "iotlab-simulator", synopsisHeading = "usage: ", customSynopsis = {
        "java -jar iotlab-simulator.jar                 run (configured by environment variables, see README)",
        "       java -jar iotlab-simulator.jar --scenario-check FILE...  validate scenario files"})
public final class Main implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    @Option(names = "--scenario-check", arity = "1..*", paramLabel = "FILE", description = "validate scenario files")
    List<Path> scenarioFiles;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    boolean help;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    private Main(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) throws Exception {
        int code = run(args, System.getenv(), System.out, System.err);
        if (code >= 0) {
            System.exit(code);
        }
    }

    /** Returns an exit code, or -1 when the simulator ran and was stopped by a signal. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new Main(env, out, err)).setUsageHelpWidth(120);
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setParameterExceptionHandler((e, a) -> {
            err.println(e instanceof CommandLine.UnmatchedArgumentException u
                    ? "unknown argument '" + String.join(" ", u.getUnmatched()) + "'; try --help"
                    : e.getMessage() + "; try --help");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> {
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        return scenarioFiles != null ? check(scenarioFiles) : simulate();
    }

    private int simulate() throws Exception {
        SimulatorConfig config;
        Scenario scenario;
        try {
            config = SimulatorConfig.fromEnv(env);
            scenario = config.scenarioPath() == null ? ScenarioLoader.loadDefault()
                    : ScenarioLoader.load(Path.of(config.scenarioPath()));
        } catch (BadSetting e) {
            err.println("configuration error: " + e.getMessage());
            return 2;
        } catch (ScenarioException e) {
            err.println("scenario error (" + SimulatorConfig.SCENARIO.name() + "=" + env.get(SimulatorConfig.SCENARIO.name()) + "):");
            e.problems().forEach(err::println);
            return 2;
        }
        Simulator simulator = new Simulator(config, scenario, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down: flushing buffers");
            simulator.close();
            stopped.countDown();
        }, "shutdown"));
        simulator.start(true);
        stopped.await();
        return -1;
    }

    private int check(List<Path> files) {
        int code = 0;
        for (Path p : files) {
            if (!Files.isRegularFile(p)) {
                err.println(p + ":0: no such file");
                code = 1;
                continue;
            }
            try {
                Scenario s = ScenarioLoader.load(p);
                out.println(p + ": OK, " + s.deviceCount() + " devices in " + s.rooms().size() + " rooms");
            } catch (ScenarioException e) {
                e.problems().forEach(err::println);
                code = 1;
            }
        }
        return code;
    }
}
