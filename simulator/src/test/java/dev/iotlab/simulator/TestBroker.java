package dev.iotlab.simulator;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real MQTT broker (HiveMQ CE, embedded) on a free 127.0.0.1 port; can be stopped and started again. */
final class TestBroker implements AutoCloseable {
    final int port;
    private final Path home;
    private EmbeddedHiveMQ hivemq;

    TestBroker() {
        try {
            port = freePort();
            home = Files.createTempDirectory("hivemq");
            Path conf = Files.createDirectories(home.resolve("conf"));
            Files.createDirectories(home.resolve("data"));
            Files.createDirectories(home.resolve("extensions"));
            Files.writeString(conf.resolve("config.xml"), """
                    <?xml version="1.0"?>
                    <hivemq>
                      <listeners>
                        <tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener>
                      </listeners>
                      <persistence><mode>in-memory</mode></persistence>
                      <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                    </hivemq>
                    """.formatted(port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    void start() {
        hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(home.resolve("conf"))
                .withDataFolder(home.resolve("data"))
                .withExtensionsFolder(home.resolve("extensions"))
                .build();
        try {
            hivemq.start().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("embedded HiveMQ did not start", e);
        }
    }

    void stop() {
        try {
            hivemq.stop().get(60, TimeUnit.SECONDS);
            hivemq.close();
        } catch (Exception e) {
            throw new IllegalStateException("embedded HiveMQ did not stop", e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
