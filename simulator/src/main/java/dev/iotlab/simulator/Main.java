package dev.iotlab.simulator;

import dev.iotlab.contract.BadSetting;

import dev.iotlab.contract.SimulatorConfig;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Entry point. {@code java -jar iotlab-simulator.jar} runs the simulator from environment variables;
 * {@code --scenario-check FILE...} validates scenario files and exits 1 on the first bad one.
 */
public final class Main {
    private static final Logger LOG = Logger.getLogger("dev.iotlab.simulator");

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        int code = run(args, System.getenv(), System.out, System.err);
        if (code >= 0) {
            System.exit(code);
        }
    }

    /** Returns an exit code, or -1 when the simulator ran and was stopped by a signal. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println("usage: java -jar iotlab-simulator.jar                 run (configured by environment variables, see README)");
            out.println("       java -jar iotlab-simulator.jar --scenario-check FILE...  validate scenario files");
            return 0;
        }
        if (args.length > 0 && args[0].equals("--scenario-check")) {
            return check(args, out, err);
        }
        if (args.length > 0) {
            err.println("unknown argument '" + args[0] + "'; try --help");
            return 2;
        }
        setUpLogging();
        SimulatorConfig config;
        Scenario scenario;
        try {
            config = SimulatorConfig.fromEnv(env);
            scenario = config.scenarioPath() == null ? ScenarioLoader.loadDefault() : ScenarioLoader.load(Path.of(config.scenarioPath()));
        } catch (BadSetting e) {
            err.println("configuration error: " + e.getMessage());
            return 2;
        } catch (ScenarioException e) {
            err.println("scenario error (SIMULATOR_SCENARIO=" + env.get("SIMULATOR_SCENARIO") + "):");
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

    private static int check(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2) {
            err.println("usage: --scenario-check FILE...");
            return 2;
        }
        int code = 0;
        for (int i = 1; i < args.length; i++) {
            Path p = Path.of(args[i]);
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

    private static void setUpLogging() {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler handler = new ConsoleHandler();
        DateTimeFormatter time = DateTimeFormatter.ISO_INSTANT.withZone(ZoneOffset.UTC);
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                String msg = time.format(Instant.ofEpochMilli(r.getMillis())) + " " + r.getLevel() + " " + formatMessage(r) + System.lineSeparator();
                if (r.getThrown() != null) {
                    java.io.StringWriter sw = new java.io.StringWriter();
                    r.getThrown().printStackTrace(new java.io.PrintWriter(sw));
                    msg += sw;
                }
                return msg;
            }
        });
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        root.setLevel(Level.INFO);
    }
}
