package dev.iotlab.simulator.bench;

import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.iotlab.contract.SimulatorConfig;
import dev.iotlab.simulator.Scenario;
import dev.iotlab.simulator.ScenarioLoader;
import dev.iotlab.simulator.Simulator;
import dev.iotlab.testsupport.InfluxDb;
import dev.iotlab.testsupport.Mosquitto;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Benchmark (not a test): N devices at 1 Hz against a real broker (test support's Mosquitto, its own process) and a
 * real InfluxDB 2.7 (test support's InfluxDb, from IOTLAB_INFLUXD; without it a local HTTP sink answering 204).
 * Prints one line per size: CPU used by the simulator's own threads as a share of one core, messages per second
 * actually published, backlog at the end, heap held by the simulator; with the real server also its CPU share and RSS, and the loss check after a
 * clean stop: readings produced, points InfluxDB accepted, points counted in the bucket by Flux, points dropped.
 * Run with bench/simulator/run.sh.
 */
public final class SimulatorBench {
    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(System.getProperty("bench.seconds", "20"));
        int[] sizes = {100, 1_000, 5_000};
        if (Mosquitto.missing() != null) {
            throw new IllegalStateException(Mosquitto.missing());
        }
        Mosquitto broker = Mosquitto.anonymous();
        int port = broker.port();

        InfluxDb real = InfluxDb.missing() == null ? InfluxDb.start() : null;
        HttpServer sink = null;
        if (real == null) {
            sink = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            sink.createContext("/", ex -> {
                try (InputStream in = ex.getRequestBody()) {
                    in.readAllBytes();
                }
                ex.sendResponseHeaders(204, -1);
                ex.close();
            });
            sink.start();
            System.out.println("# " + InfluxDb.missing() + " -- writing to a 204 sink instead");
        } else {
            System.out.println("# real influxd " + System.getenv(InfluxDb.ENV) + ", ready in " + real.lastStartMillis() + " ms");
        }

        System.out.println("# devices  cpu_share_of_one_core  published_per_s  backlog_end  heap_mb"
                + (real == null ? "" : "  influxd_cpu_share  influxd_rss_mb  readings  accepted  in_bucket  dropped")
                + "  (" + seconds + " s at 1 Hz, " + Runtime.getRuntime().availableProcessors() + " CPUs, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ")");
        for (int n : sizes) {
            run(n, seconds, port, real, sink == null ? null : "http://127.0.0.1:" + sink.getAddress().getPort());
        }
        if (sink != null) {
            sink.stop(0);
        }
        if (real != null) {
            real.close();
        }
        broker.close();
        System.exit(0);
    }

    static void run(int n, int seconds, int mqttPort, InfluxDb real, String sinkUrl) throws Exception {
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
        String bucket = real == null ? "iot-data" : real.createBucket("bench-" + n);
        env.put("INFLUXDB_URL", real == null ? sinkUrl : real.url());
        env.put("INFLUXDB_TOKEN", real == null ? "bench" : real.token());
        env.put("INFLUXDB_ORG", real == null ? "iot-org" : real.org());
        env.put("INFLUXDB_BUCKET", bucket);
        Simulator sim = new Simulator(SimulatorConfig.fromEnv(env), scenario, Clock.systemUTC());
        sim.start(true);
        await("simulator connected to the broker").atMost(Duration.ofSeconds(30)).until(sim::isConnected);
        Thread.sleep(3_000); // warm-up (JIT), not measured
        long cpu0 = simulatorCpuNanos();
        long influxCpu0 = real == null ? 0 : real.cpuMillis();
        long pub0 = sim.metrics().mqttPublished();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long cpu1 = simulatorCpuNanos();
        long influxCpu1 = real == null ? 0 : real.cpuMillis();
        long pub1 = sim.metrics().mqttPublished();
        long t1 = System.nanoTime();
        System.gc();
        long heapWith = mem.getHeapMemoryUsage().getUsed();
        int backlog = sim.metrics().mqttBuffered();
        String influxFigures = "";
        long influxRss = real == null ? 0 : real.rssKb();
        StringBuilder top = new StringBuilder();
        if (n == 5_000) {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            top.append("# busiest threads (cpu s since JVM start):");
            java.util.Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds())).filter(java.util.Objects::nonNull)
                    .sorted((a, b) -> Long.compare(threads.getThreadCpuTime(b.getThreadId()), threads.getThreadCpuTime(a.getThreadId())))
                    .limit(6).forEach(i -> top.append(String.format(" %s=%.1f", i.getThreadName(), threads.getThreadCpuTime(i.getThreadId()) / 1e9)));
        }
        sim.close(); // stops ticking, then one last flush: after it every reading is accepted or counted as dropped
        if (real != null) {
            long inBucket = countPoints(real, bucket);
            influxFigures = String.format("  %.3f  %.0f  %d  %d  %d  %d", (influxCpu1 - influxCpu0) * 1e6 / (t1 - t0),
                    influxRss / 1024.0, sim.metrics().readings(), sim.metrics().influxWritten(), inBucket,
                    sim.metrics().influxDropped());
        }
        System.out.printf("%6d  %.3f  %.0f  %d  %.1f%s%n", scenario.deviceCount(), (cpu1 - cpu0) / (double) (t1 - t0),
                (pub1 - pub0) * 1e9 / (t1 - t0), backlog, (heapWith - heapBefore) / 1048576.0, influxFigures);
        if (top.length() > 0) {
            System.out.println(top);
        }
    }

    /** Points in the bucket as InfluxDB counts them (every point has a value field). */
    static long countPoints(InfluxDb influx, String bucket) {
        var rows = influx.records("from(bucket: \"" + bucket + "\") |> range(start: -1h)"
                + " |> filter(fn: (r) => r._field == \"value\") |> group() |> count()");
        return rows.isEmpty() ? 0 : Long.parseLong(rows.get(0).get("_value"));
    }

    /** CPU time of the simulator's threads only (engine, publisher, InfluxDB writer, MQTT client I/O). */
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
