package dev.iotlab.api.support;

import dev.iotlab.testsupport.InfluxDb;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Starts the API as its own application context, for tests that restart it or its peers. */
public final class Lab implements AutoCloseable {
    public static final String TOKEN = "test-token-0123456789";

    private final EmbeddedServer server;
    public final Http http;

    private Lab(EmbeddedServer server) {
        this.server = server;
        this.http = new Http(url(), TOKEN);
    }

    public static Map<String, Object> properties(int mqttPort, String influxUrl, Path dataDir) {
        Map<String, Object> p = new HashMap<>();
        p.put("micronaut.server.port", -1);
        p.put("micronaut.server.host", "127.0.0.1");
        p.put("mqtt.broker", "127.0.0.1");
        p.put("mqtt.port", mqttPort);
        p.put("influxdb.url", influxUrl);
        p.put("influxdb.token", "influx-token-abc");
        p.put("api.token", TOKEN);
        p.put("api.data-dir", dataDir.toString());
        return p;
    }

    /** Properties for the API against a real InfluxDB: its URL, the org, bucket and token it was set up with. */
    public static Map<String, Object> properties(int mqttPort, InfluxDb influx, Path dataDir) {
        Map<String, Object> p = properties(mqttPort, influx.url(), dataDir);
        p.put("influxdb.token", influx.token());
        p.put("influxdb.org", influx.org());
        p.put("influxdb.bucket", influx.bucket());
        return p;
    }

    public static Lab start(Map<String, Object> properties) {
        return new Lab(ApplicationContext.run(EmbeddedServer.class, properties));
    }

    public static Path tempDir() {
        try {
            return Files.createTempDirectory("iotlab-api-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The API's base URL, e.g. http://127.0.0.1:40123 (no trailing slash). */
    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }
}
