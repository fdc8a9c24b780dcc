package dev.iotlab.images.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * A real MQTT broker (Mosquitto) on a free 127.0.0.1 port that, like the lab's EMQX, refuses anonymous clients and
 * knows the users of the lab Secret. Same approach as api/src/test (Broker), independent of that module.
 */
public final class Mosquitto {
    public static final String BINARY = Processes.find("/usr/sbin/mosquitto", "/usr/bin/mosquitto",
            "/usr/local/sbin/mosquitto", "/usr/local/bin/mosquitto");
    public static final String PASSWD = Processes.find("/usr/bin/mosquitto_passwd", "/usr/local/bin/mosquitto_passwd");

    private final int port;

    private Mosquitto(int port) {
        this.port = port;
    }

    public static String missing() {
        if (BINARY == null || PASSWD == null) {
            return "mosquitto is not installed (apt-get install -y mosquitto): the Node-RED tests need a real broker";
        }
        return null;
    }

    /** Starts a broker that accepts exactly these users (name -> password). */
    public static Mosquitto start(Processes processes, Path dir, Map<String, String> users) {
        try {
            Files.createDirectories(dir);
            Path passwords = dir.resolve("passwords");
            Files.deleteIfExists(passwords);
            Files.writeString(passwords, "");
            for (var user : users.entrySet()) {
                int code = Processes.run(dir.resolve("mosquitto_passwd.log"), dir, Map.of(),
                        List.of(PASSWD, "-b", passwords.toString(), user.getKey(), user.getValue()), 30);
                if (code != 0) {
                    throw new IllegalStateException("mosquitto_passwd failed: " + Files.readString(dir.resolve("mosquitto_passwd.log")));
                }
            }
            int port = Processes.freePort();
            Path config = dir.resolve("mosquitto.conf");
            Files.writeString(config, """
                    listener %d 127.0.0.1
                    allow_anonymous false
                    password_file %s
                    persistence false
                    log_dest stderr
                    """.formatted(port, passwords));
            Processes.Started broker = processes.start(dir.resolve("mosquitto.log"), dir, Map.of(),
                    List.of(BINARY, "-c", config.toString()));
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
                broker.assertAlive("mosquitto");
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
            return new Mosquitto(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }
}
