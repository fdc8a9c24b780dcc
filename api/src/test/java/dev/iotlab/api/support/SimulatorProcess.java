package dev.iotlab.api.support;

import dev.iotlab.testsupport.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Our device simulator, the built jar (the reactor builds it before the API's tests), as its own JVM configured by
 * environment as in a lab. Its output goes to {@code log}.
 */
public final class SimulatorProcess implements AutoCloseable {
    private final Process process;

    private SimulatorProcess(Process process) {
        this.process = process;
    }

    public static SimulatorProcess start(Map<String, String> env, Path log) {
        String jar = System.getProperty("iotlab.simulator.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("the simulator's jar (system property iotlab.simulator.jar = " + jar
                    + ") is missing: run the API's tests through Maven with the simulator module in the reactor "
                    + "(mvn -pl api -am verify)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx128m", "-jar", jar))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MQTT_") || k.startsWith("INFLUXDB_")
                || k.startsWith("SIMULATOR_") || k.equals("HEALTH_PORT"));
        pb.environment().putAll(env);
        try {
            return new SimulatorProcess(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        Processes.terminate(process, Duration.ofSeconds(15));
    }
}
