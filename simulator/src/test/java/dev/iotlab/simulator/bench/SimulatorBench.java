package dev.iotlab.simulator.bench;

import dev.iotlab.contract.SimulatorConfig;

import com.sun.net.httpserver.HttpServer;
import dev.iotlab.simulator.Scenario;
import dev.iotlab.simulator.ScenarioLoader;
import dev.iotlab.simulator.Simulator;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Benchmark (not a test): N devices at 1 Hz against a real broker (embedded HiveMQ) and a local HTTP sink that
 * answers InfluxDB writes with 204. Prints one line per size: CPU used by the simulator's own threads as a
 * share of one core, messages per second actually published, backlog at the end, heap held by the simulator.
 * Run with bench/simulator/run.sh.
 */
public final class SimulatorBench {
    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(System.getProperty("bench.seconds", "20"));
        int[] sizes = {100, 1_000, 5_000};
        Class<?> brokerClass = Class.forName("dev.iotlab.simulator.TestBroker");
        var ctor = brokerClass.getDeclaredConstructor();
        ctor.setAccessible(true);
        Object broker = ctor.newInstance();
        var portField = brokerClass.getDeclaredField("port");
        portField.setAccessible(true);
        int port = (int) portField.get(broker);

        HttpServer influx = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        influx.createContext("/", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                in.readAllBytes();
            }
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        influx.start();

        System.out.println("# devices  cpu_share_of_one_core  published_per_s  backlog_end  heap_mb  (" + seconds + " s at 1 Hz, "
                + Runtime.getRuntime().availableProcessors() + " CPUs, " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ")");
        for (int n : sizes) {
            run(n, seconds, port, influx.getAddress().getPort());
        }
        influx.stop(0);
        System.exit(0);
    }

    static void run(int n, int seconds, int mqttPort, int influxPort) throws Exception {
        Scenario scenario = ScenarioLoader.parse("bench-" + n + ".yaml", """
                devices:
                  - {id: "t-{n:5}", type: temperature, count: %1$d, locations: [r1, r2, r3, r4, r5]}
                  - {id: "h-{n:5}", type: humidity, count: %1$d, locations: [r1, r2, r3, r4, r5]}
                  - {id: "s-{n:5}", type: switch, count: %2$d, locations: [r1, r2, r3, r4, r5], toggle_probability: 0.1}
                  - {id: "m-{n:5}", type: motion, count: %2$d, locations: [r1, r2, r3, r4, r5]}
                  - {id: "l-{n:5}", type: light, count: %2$d, locations: [r1, r2, r3, r4, r5]}
                  - {id: "a-{n:5}", type: ac, count: %3$d, locations: [r1, r2, r3, r4, r5], initial: on, setpoint: 21}
                  - {id: e-1, type: energy, location: r1}
                """.formatted(n * 3 / 10, n / 10, n - 2 * (n * 3 / 10) - 3 * (n / 10) - 1));
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heapBefore = mem.getHeapMemoryUsage().getUsed();
        Map<String, String> env = new HashMap<>();
        env.put("MQTT_BROKER", "127.0.0.1");
        env.put("MQTT_PORT", Integer.toString(mqttPort));
        env.put("HEALTH_PORT", "0");
        env.put("SIMULATOR_INTERVAL_SECONDS", "1");
        env.put("SIMULATOR_SEED", "1");
        env.put("INFLUXDB_URL", "http://127.0.0.1:" + influxPort);
        env.put("INFLUXDB_TOKEN", "bench");
        Simulator sim = new Simulator(SimulatorConfig.fromEnv(env), scenario, Clock.systemUTC());
        sim.start(true);
        while (!sim.isConnected()) {
            Thread.sleep(50);
        }
        Thread.sleep(3_000); // warm-up (JIT), not measured
        long cpu0 = simulatorCpuNanos();
        long pub0 = sim.metrics().mqttPublished();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long cpu1 = simulatorCpuNanos();
        long pub1 = sim.metrics().mqttPublished();
        long t1 = System.nanoTime();
        System.gc();
        long heapWith = mem.getHeapMemoryUsage().getUsed();
        int backlog = sim.metrics().mqttBuffered();
        System.out.printf("%6d  %.3f  %.0f  %d  %.1f%n", scenario.deviceCount(), (cpu1 - cpu0) / (double) (t1 - t0),
                (pub1 - pub0) * 1e9 / (t1 - t0), backlog, (heapWith - heapBefore) / 1048576.0);
        if (n == 5_000) {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            StringBuilder top = new StringBuilder("# busiest threads (cpu s since JVM start):");
            java.util.Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds())).filter(java.util.Objects::nonNull)
                    .sorted((a, b) -> Long.compare(threads.getThreadCpuTime(b.getThreadId()), threads.getThreadCpuTime(a.getThreadId())))
                    .limit(6).forEach(i -> top.append(String.format(" %s=%.1f", i.getThreadName(), threads.getThreadCpuTime(i.getThreadId()) / 1e9)));
            System.out.println(top);
        }
        sim.close();
    }

    /** CPU time of the simulator's threads only (engine, publisher, InfluxDB writer, MQTT client I/O), not the broker's. */
    static long simulatorCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            String name = info.getThreadName();
            if (name.startsWith("simulator-engine") || name.startsWith("mqtt-publisher") || name.startsWith("influx-writer")
                    || name.startsWith("com.hivemq.client") || name.startsWith("HttpClient")) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                total += Math.max(0, t);
            }
        }
        return total;
    }
}
