package dev.iotlab.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real MQTT broker for tests: Debian's Mosquitto on a free 127.0.0.1 port, anonymous or — like a lab's EMQX —
 * with password users only; stoppable and startable again on the same port. Callers skip their tests with
 * {@link #missing()} as the reason when it is not installed.
 */
public final class Mosquitto implements AutoCloseable {
    private static final String BINARY = find("/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto",
            "/usr/local/bin/mosquitto", "/opt/homebrew/sbin/mosquitto");
    private static final String PASSWD = find("/usr/bin/mosquitto_passwd", "/usr/local/bin/mosquitto_passwd");

    private final int port;
    private final Path config;
    private final Path log;
    private Process process;

    private Mosquitto(int port, Path dir, String authentication) throws IOException {
        this.port = port;
        this.config = dir.resolve("mosquitto.conf");
        this.log = dir.resolve("mosquitto.log");
        Files.writeString(config, """
                listener %d 127.0.0.1
                %s
                persistence false
                log_dest stderr
                max_queued_messages 100000
                """.formatted(port, authentication));
    }

    /** Why the broker cannot run here (with the fix), or null when it can. */
    public static String missing() {
        return BINARY == null || PASSWD == null
                ? "mosquitto is not installed (apt-get install -y mosquitto): these tests need a real MQTT broker"
                : null;
    }

    /** A running broker that lets anyone in. */
    public static Mosquitto anonymous() {
        try {
            Mosquitto broker = new Mosquitto(freePort(), Files.createTempDirectory("mosquitto"), "allow_anonymous true");
            broker.startAgain();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A running broker that accepts exactly these users (name → password), files in dir. */
    public static Mosquitto withUsers(Path dir, Map<String, String> users) {
        try {
            Files.createDirectories(dir);
            Path passwords = dir.resolve("passwords");
            Files.writeString(passwords, "");
            for (var user : users.entrySet()) {
                run(dir, List.of(PASSWD, "-b", passwords.toString(), user.getKey(), user.getValue()));
            }
            Mosquitto broker = new Mosquitto(freePort(), dir, "allow_anonymous false\npassword_file " + passwords);
            broker.startAgain();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** Starts the broker (again) on its port and returns once it accepts connections. */
    public synchronized void startAgain() {
        try {
            process = new ProcessBuilder(BINARY, "-c", config.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await("mosquitto listening on 127.0.0.1:" + port).atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20)).until(this::accepting);
    }

    public synchronized void stop() {
        Processes.terminate(process, Duration.ofSeconds(10));
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean accepting() throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException("mosquitto exited: " + Files.readString(log));
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(Path dir, List<String> command) throws IOException {
        Path out = dir.resolve("mosquitto_passwd.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("mosquitto_passwd failed: " + Files.readString(out));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String find(String... candidates) {
        for (String c : candidates) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        return null;
    }
}
