package dev.iotlab.api.home;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotlab.api.ApiSettings;
import dev.iotlab.api.devices.DeviceRegistry;
import dev.iotlab.api.influx.InfluxGateway;
import dev.iotlab.api.mqtt.MqttGateway;
import dev.iotlab.contract.HomeContract;
import dev.iotlab.contract.StudentEnv;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the student's home page shows about their lab: links and connection details (no secret), one health line per
 * component, and — after sign-in — the .env block with the student's own credentials (from the files the operator
 * mounts, named like the credentials Secret's keys).
 */
@Singleton
public class LabHome {
    private static final Logger LOG = LoggerFactory.getLogger(LabHome.class);
    /** The UIs a student opens, in the order the page lists them, with the label shown. */
    static final Map<String, String> LINKS = linkedMap("grafana", "Grafana", "node-red", "Node-RED editor",
            "node-red-dashboard", "Node-RED dashboard", "emqx-dashboard", "EMQX dashboard", "api", "API docs");

    /** The .env's URL variables and the endpoint each one's value is (the .env block and the lessons use them). */
    static final Map<StudentEnv, String> URL_ENDPOINTS = Map.of(StudentEnv.MQTT_WS_URL, "mqtt-websocket",
            StudentEnv.FLASK_API_URL, "api", StudentEnv.GRAFANA_URL, "grafana", StudentEnv.NODE_RED_URL, "node-red",
            StudentEnv.EMQX_DASHBOARD_URL, "emqx-dashboard");

    public record Endpoint(String name, String internal, String external) {
    }

    private final List<Endpoint> endpoints;
    private final Path credentials;
    private final ApiSettings api;
    private final MqttGateway mqtt;
    private final InfluxGateway influx;
    private final DeviceRegistry devices;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public LabHome(HomeSettings settings, ObjectMapper mapper, ApiSettings api, MqttGateway mqtt,
                   InfluxGateway influx, DeviceRegistry devices) {
        this.api = api;
        this.mqtt = mqtt;
        this.influx = influx;
        this.devices = devices;
        List<Endpoint> parsed = List.of();
        if (settings.endpointsJson() != null) {
            try {
                parsed = mapper.readValue(settings.endpointsJson(), new TypeReference<List<Endpoint>>() { });
            } catch (IOException e) {
                LOG.warn("{} is not a JSON list of endpoints ({}); the home page shows no links",
                        HomeContract.LAB_ENDPOINTS.name(), e.getMessage());
            }
        }
        this.endpoints = parsed;
        this.credentials = settings.credentialsDir();
    }

    Optional<Endpoint> endpoint(String name) {
        return endpoints.stream().filter(e -> name.equals(e.name())).findFirst();
    }

    /** The external value of one of the .env's URL variables ({@link #URL_ENDPOINTS}), when the lab has it. */
    Optional<String> external(StudentEnv variable) {
        return endpoint(URL_ENDPOINTS.get(variable)).map(Endpoint::external);
    }

    /**
     * What the lessons can fill in (nothing secret): the student's host — of the lab's external URLs, else the host a
     * proxy says the browser asked for ({@code forwardedHost}, may be null) — and the .env's URL variables.
     */
    LessonRenderer.LabValues lessonValues(String forwardedHost) {
        Map<String, String> urls = new LinkedHashMap<>();
        URL_ENDPOINTS.keySet().forEach(v -> external(v).ifPresent(u -> urls.put(v.name(), u)));
        return new LessonRenderer.LabValues(studentHost(endpoints, forwardedHost), urls);
    }

    /**
     * The host the student's browser uses for the lab's web paths: of the first external http(s)/ws(s) URL (an
     * exposed MQTT port may be on another address), else the first X-Forwarded-Host value, else null (unknown).
     */
    static String studentHost(List<Endpoint> endpoints, String forwardedHost) {
        return endpoints.stream().map(Endpoint::external)
                .filter(u -> u != null && (u.startsWith("http") || u.startsWith("ws")))
                .map(u -> URI.create(u).getRawAuthority()).filter(a -> a != null && !a.isBlank()).findFirst()
                .orElse(forwardedHost == null || forwardedHost.isBlank() ? null : forwardedHost.split(",")[0].trim());
    }

    /** Links to the student's UIs: external URLs only (in-cluster names do not open from a laptop). */
    List<Map<String, String>> links() {
        List<Map<String, String>> out = new ArrayList<>();
        LINKS.forEach((name, label) -> endpoint(name).map(Endpoint::external).filter(u -> u.startsWith("http"))
                .ifPresent(url -> out.add(Map.of("name", name, "label", label,
                        "url", "api".equals(name) ? url.replaceAll("/+$", "") + "/docs" : url))));
        return out;
    }

    /** How to connect: addresses only, never a credential. */
    Map<String, Object> connection() {
        Map<String, Object> out = new LinkedHashMap<>();
        Optional<String> mqttExternal = endpoint("mqtt").map(Endpoint::external);
        out.put("mqtt", mqttExternal.orElse("mqtt://localhost:1883 after: kubectl port-forward svc/emqx 1883"));
        endpoint("mqtt-websocket").map(Endpoint::external).ifPresent(u -> out.put("mqttWebsocket", u));
        endpoint("api").map(Endpoint::external).ifPresent(u -> out.put("api", u));
        out.put("influxdbOrg", api.influx().org());
        out.put("influxdbBucket", api.influx().bucket());
        out.put("signedOutNote", "User names, passwords and tokens are shown after you sign in.");
        return out;
    }

    /** One line per component, probed now (each probe at most 2 s, all at once). */
    List<Map<String, String>> health() {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(line("broker", mqtt.isConnected(), mqtt.isConnected() ? "connected" : "not reachable"));
        InfluxGateway.Health db = influx.health();
        out.add(line("database", db.up(), db.up() ? "answers" : db.detail()));
        Map<String, CompletableFuture<Boolean>> probes = new LinkedHashMap<>();
        for (String name : List.of("grafana", "node-red", "emqx-dashboard")) {
            endpoint(name).map(Endpoint::internal).filter(u -> u.startsWith("http"))
                    .ifPresent(url -> probes.put(name, probe(name.equals("grafana") ? url + "api/health" : url)));
        }
        probes.forEach((name, f) -> {
            boolean up = f.completeOnTimeout(false, 3, TimeUnit.SECONDS).join();
            out.add(line(name, up, up ? "answers" : "not reachable"));
        });
        long simulated = devices.list().stream().filter(d -> "mqtt".equals(d.get("source"))).count();
        out.add(line("simulator", simulated > 0, simulated > 0 ? simulated + " devices announced"
                : "no device announced yet"));
        out.add(line("api", true, "answers"));
        return out;
    }

    private CompletableFuture<Boolean> probe(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(r -> r.statusCode() < 500).exceptionally(e -> false);
    }

    private static Map<String, String> line(String component, boolean up, String detail) {
        return Map.of("component", component, "status", up ? "up" : "down", "detail", detail);
    }

    /** The .env block of the original platform's names with the student's own values; empty when not mounted. */
    Optional<String> env() {
        if (credentials == null || !Files.isDirectory(credentials)) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        Optional<String> mqttExternal = endpoint("mqtt").map(Endpoint::external).filter(u -> u.startsWith("mqtt://"));
        String host = mqttExternal.map(u -> URI.create(u).getHost()).orElse("localhost");
        String port = mqttExternal.map(u -> String.valueOf(URI.create(u).getPort())).orElse("1883");
        if (mqttExternal.isEmpty()) {
            out.append("# The broker is not exposed: run  kubectl port-forward svc/emqx 1883  first\n");
        }
        line(out, StudentEnv.MQTT_BROKER, host);
        line(out, StudentEnv.MQTT_PORT, port);
        line(out, StudentEnv.MQTT_USERNAME, secret("mqtt-username"));
        line(out, StudentEnv.MQTT_PASSWORD, secret("mqtt-password"));
        external(StudentEnv.MQTT_WS_URL).ifPresent(u -> line(out, StudentEnv.MQTT_WS_URL, u));
        line(out, StudentEnv.INFLUXDB_URL, endpoint("influxdb").map(Endpoint::external)
                .orElse("http://localhost:8086"));
        line(out, StudentEnv.INFLUXDB_TOKEN, secret("influxdb-token"));
        line(out, StudentEnv.INFLUXDB_ORG, api.influx().org());
        line(out, StudentEnv.INFLUXDB_BUCKET, api.influx().bucket());
        line(out, StudentEnv.FLASK_API_URL, external(StudentEnv.FLASK_API_URL).orElse("http://localhost:5000"));
        line(out, StudentEnv.API_TOKEN, secret("api-token"));
        external(StudentEnv.GRAFANA_URL).ifPresent(u -> {
            line(out, StudentEnv.GRAFANA_URL, u);
            line(out, StudentEnv.GRAFANA_USER, secret("grafana-admin-user"));
            line(out, StudentEnv.GRAFANA_PASSWORD, secret("grafana-admin-password"));
        });
        external(StudentEnv.NODE_RED_URL).ifPresent(u -> {
            line(out, StudentEnv.NODE_RED_URL, u);
            line(out, StudentEnv.NODE_RED_USERNAME, secret("node-red-username"));
            line(out, StudentEnv.NODE_RED_PASSWORD, secret("node-red-password"));
        });
        external(StudentEnv.EMQX_DASHBOARD_URL).ifPresent(u -> line(out, StudentEnv.EMQX_DASHBOARD_URL, u));
        return Optional.of(out.toString());
    }

    private static void line(StringBuilder out, StudentEnv key, String value) {
        out.append(key.line(value == null ? "" : value)).append('\n');
    }

    private String secret(String key) {
        try {
            Path file = credentials.resolve(key);
            return Files.exists(file) ? Files.readString(file).trim() : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static Map<String, String> linkedMap(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
