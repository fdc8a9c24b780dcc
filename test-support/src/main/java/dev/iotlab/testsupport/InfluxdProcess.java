package dev.iotlab.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One influxd process on a fixed 127.0.0.1 port and data directory: started (again), health-checked, stopped and
 * measured (Linux /proc). The command line and environment are the ones {@link InfluxDb}'s comment documents.
 */
final class InfluxdProcess {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path binary;
    private final Path dir;
    private final int port;
    private Process process;
    private long lastStartNanos;

    InfluxdProcess(Path binary, Path dir, int port) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
    }

    int port() {
        return port;
    }

    /** Starts influxd (again) on its port and data directory; returns once {@code /health} answers 200. */
    synchronized void start() {
        if (isRunning()) {
            return;
        }
        List<String> command = List.of(binary.toString(),
                "--http-bind-address", "127.0.0.1:" + port,
                "--ui-disabled", "--reporting-disabled", "--log-level", "warn",
                "--bolt-path", dir.resolve("influxd.bolt").toString(),
                "--engine-path", dir.resolve("engine").toString(),
                "--sqlite-path", dir.resolve("influxd.sqlite").toString());
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("INFLUXD_"));
        pb.environment().put("INFLUXD_CONFIG_PATH", dir.toString());
        lastStartNanos = System.nanoTime();
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        await("influxd on 127.0.0.1:" + port + " healthy").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20)).until(this::healthy);
        lastStartNanos = System.nanoTime() - lastStartNanos;
    }

    /** Ends the server (SIGTERM, then SIGKILL after 20 s); the data directory stays. */
    synchronized void stop() {
        Processes.terminate(process, Duration.ofSeconds(20));
        process = null;
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the server and deletes its data directory. */
    void destroy() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    long lastStartMillis() {
        return TimeUnit.NANOSECONDS.toMillis(lastStartNanos);
    }

    /** Resident memory in kB (/proc/PID/status VmRSS), or -1. */
    synchronized long rssKb() {
        if (process == null) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** CPU time (user + system) in ms (/proc/PID/stat, 100 ticks/s), or -1. */
    synchronized long cpuMillis() {
        if (process == null) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // utime, stime (fields 14, 15)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The last 40 lines influxd wrote (warnings and errors). */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private boolean healthy() {
        if (!process.isAlive()) {
            throw new IllegalStateException("influxd exited with " + process.exitValue() + ":\n" + logTail());
        }
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Path log() {
        return dir.resolve("influxd.log");
    }
}
