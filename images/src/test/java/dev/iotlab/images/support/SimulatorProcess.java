package dev.iotlab.images.support;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Our device simulator (the built jar), started as its own JVM like in a lab, configured by environment. */
public final class SimulatorProcess {
    private SimulatorProcess() {
    }

    public static Processes.Started start(Processes processes, Path log, Map<String, String> env) {
        return processes.start(log, null, env, List.of(Build.javaBinary(), "-Xmx128m", "-jar",
                Build.simulatorJar().toString()));
    }
}
