package dev.iotlab.operator.cli;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.iotlab.contract.StudentEnv;
import dev.iotlab.operator.customresource.Endpoint;
import dev.iotlab.operator.model.ApiComponent;
import dev.iotlab.operator.model.CredentialsSecret;
import dev.iotlab.operator.model.EmqxComponent;
import dev.iotlab.operator.model.ExposedBroker;
import dev.iotlab.operator.model.GrafanaComponent;
import dev.iotlab.operator.model.InfluxDbComponent;
import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.NodeRedComponent;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One student's handout: where each service is reached from the student's computer (ingress or gateway URL, exposed broker,
 * or a port-forward), the {@code .env} with the contract's keys, and the logins. Rendered from
 * {@code handout/handout.md.mustache}.
 */
record Handout(String labName, String markdown) {
    private static final Template TEMPLATE = template("handout/handout.md.mustache");

    /** Where the student's scripts reach one of the lab's HTTP services, in the order of the services table. */
    private static final List<String[]> HTTP_SERVICES = List.of(
            new String[] {EmqxComponent.WEBSOCKET_ENDPOINT, "MQTT over WebSocket"},
            new String[] {ApiComponent.ENDPOINT, "Lab REST API"},
            new String[] {InfluxDbComponent.ENDPOINT, "InfluxDB"},
            new String[] {GrafanaComponent.ENDPOINT, "Grafana"},
            new String[] {NodeRedComponent.EDITOR_ENDPOINT, "Node-RED editor"},
            new String[] {NodeRedComponent.DASHBOARD_ENDPOINT, "Node-RED dashboard"},
            new String[] {EmqxComponent.DASHBOARD_ENDPOINT, "EMQX dashboard"});
    /** The order port-forwards are listed in (as the original handout). */
    private static final List<String> FORWARD_ORDER = List.of(InfluxDbComponent.ENDPOINT, ApiComponent.ENDPOINT,
            GrafanaComponent.ENDPOINT, NodeRedComponent.EDITOR_ENDPOINT, NodeRedComponent.DASHBOARD_ENDPOINT,
            EmqxComponent.DASHBOARD_ENDPOINT, EmqxComponent.WEBSOCKET_ENDPOINT);

    static Handout of(Lab lab, List<Endpoint> endpoints, Credentials creds, String phase, String message,
                      Optional<ExposedBroker> mqttExternal) {
        Map<String, Endpoint> byName = new LinkedHashMap<>();
        endpoints.forEach(e -> byName.put(e.getName(), e));
        boolean ingress = lab.externalHost().isPresent();
        List<Map<String, Object>> forwards = new ArrayList<>();

        String mqttHost = null;
        String mqttPort = null;
        Endpoint mqtt = byName.get(EmqxComponent.MQTT_ENDPOINT);
        if (mqtt != null && mqttExternal.isPresent()) {
            mqttHost = mqttExternal.get().host();
            mqttPort = mqttExternal.get().port();
        } else if (mqtt != null) {
            URI u = URI.create(mqtt.getInternal());
            forwards.add(forward(lab, u));
            mqttHost = "localhost";
            mqttPort = String.valueOf(u.getPort());
        }
        Map<String, String> urls = new LinkedHashMap<>();
        for (String name : FORWARD_ORDER) {
            Endpoint e = byName.get(name);
            if (e == null) {
                continue;
            }
            if (ingress && e.getExternal() != null) {
                urls.put(name, e.getExternal());
            } else {
                URI u = URI.create(e.getInternal());
                Map<String, Object> f = forward(lab, u);
                if (forwards.stream().noneMatch(x -> x.get("service").equals(f.get("service")))) {
                    forwards.add(f);
                }
                urls.put(name, u.getScheme() + "://localhost:" + u.getPort() + (u.getPath() == null ? "" : u.getPath()));
            }
        }

        Map<String, Object> model = new LinkedHashMap<>();
        var student = lab.spec().getStudent();
        model.put("title", student == null ? lab.name() : student.getName());
        List<Map<String, Object>> facts = new ArrayList<>();
        if (student != null && student.getEmail() != null) {
            facts.add(row("label", "Student", "value", student.getName() + " <" + student.getEmail() + ">"));
        }
        if (lab.course() != null) {
            facts.add(row("label", "Course", "value", lab.course()));
        }
        facts.add(row("label", "Lab", "value", "`" + lab.name() + "`"));
        facts.add(row("label", "Namespace", "value", "`" + lab.namespace() + "`"));
        if (phase != null) {
            facts.add(row("label", "Status", "value", phase + (message == null ? "" : ": " + message)));
        }
        lab.expiresAt().ifPresent(at -> facts.add(row("label", "Available until", "value", at.toString())));
        model.put("facts", facts);
        model.put("placeholders", creds.placeholders());
        model.put("secretRef", creds.secretRef());
        model.put("namespace", lab.namespace());
        model.put("secretName", lab.credentialsSecretName());

        List<Map<String, Object>> services = new ArrayList<>();
        if (mqttHost != null) {
            services.add(row("label", "MQTT broker", "address", "`" + mqttHost + ":" + mqttPort + "`"));
        }
        for (String[] s : HTTP_SERVICES) {
            if (urls.containsKey(s[0])) {
                services.add(row("label", s[1], "address", urls.get(s[0])));
            }
        }
        model.put("services", services);
        model.put("hasForwards", !forwards.isEmpty());
        model.put("ingressHost", ingress ? lab.externalHost().get().host() : false);
        model.put("forwards", forwards);
        model.put("env", envLines(lab, creds, mqttHost, mqttPort, urls));
        model.put("logins", logins(creds, urls));
        model.put("apiUrl", urls.containsKey(ApiComponent.ENDPOINT) ? urls.get(ApiComponent.ENDPOINT) : false);
        return new Handout(lab.name(), TEMPLATE.execute(model));
    }

    private static List<String> envLines(Lab lab, Credentials creds, String mqttHost, String mqttPort,
                                         Map<String, String> urls) {
        List<String> env = new ArrayList<>();
        if (mqttHost != null) {
            env.add(StudentEnv.MQTT_BROKER.line(mqttHost));
            env.add(StudentEnv.MQTT_PORT.line(mqttPort));
            env.add(StudentEnv.MQTT_USERNAME.line(creds.get(CredentialsSecret.MQTT_USERNAME)));
            env.add(StudentEnv.MQTT_PASSWORD.line(creds.get(CredentialsSecret.MQTT_PASSWORD)));
            if (urls.containsKey(EmqxComponent.WEBSOCKET_ENDPOINT)) {
                env.add(StudentEnv.MQTT_WS_URL.line(urls.get(EmqxComponent.WEBSOCKET_ENDPOINT)));
            }
        } else {
            env.add("# MQTT (emqx) is disabled in this lab");
        }
        var influx = lab.components().influxdbOrDefault();
        section(env, urls.get(InfluxDbComponent.ENDPOINT), "# InfluxDB is disabled in this lab", url -> List.of(
                StudentEnv.INFLUXDB_URL.line(url),
                StudentEnv.INFLUXDB_TOKEN.line(creds.get(CredentialsSecret.INFLUXDB_TOKEN)),
                StudentEnv.INFLUXDB_ORG.line(influx.orgOrDefault()),
                StudentEnv.INFLUXDB_BUCKET.line(influx.bucketOrDefault())));
        section(env, urls.get(ApiComponent.ENDPOINT), "# the lab REST API is disabled in this lab", url -> List.of(
                StudentEnv.FLASK_API_URL.line(url),
                StudentEnv.API_TOKEN.line(creds.get(CredentialsSecret.API_TOKEN))));
        section(env, urls.get(GrafanaComponent.ENDPOINT), "# Grafana is disabled in this lab", url -> List.of(
                StudentEnv.GRAFANA_URL.line(url),
                StudentEnv.GRAFANA_USER.line(creds.get(CredentialsSecret.GRAFANA_ADMIN_USER)),
                StudentEnv.GRAFANA_PASSWORD.line(creds.get(CredentialsSecret.GRAFANA_ADMIN_PASSWORD))));
        section(env, urls.get(NodeRedComponent.EDITOR_ENDPOINT), "# Node-RED is disabled in this lab", url -> List.of(
                StudentEnv.NODE_RED_URL.line(url),
                StudentEnv.NODE_RED_USERNAME.line(creds.get(CredentialsSecret.NODE_RED_USERNAME)),
                StudentEnv.NODE_RED_PASSWORD.line(creds.get(CredentialsSecret.NODE_RED_PASSWORD))));
        if (urls.containsKey(EmqxComponent.DASHBOARD_ENDPOINT)) {
            env.add(StudentEnv.EMQX_DASHBOARD_URL.line(urls.get(EmqxComponent.DASHBOARD_ENDPOINT)));
        }
        return env;
    }

    /** A service's lines of the .env, or the note that it is disabled. */
    private static void section(List<String> env, String url, String disabledNote,
                                Function<String, List<String>> lines) {
        if (url == null) {
            env.add(disabledNote);
        } else {
            env.addAll(lines.apply(url));
        }
    }

    private static List<Map<String, Object>> logins(Credentials creds, Map<String, String> urls) {
        List<Map<String, Object>> logins = new ArrayList<>();
        if (urls.containsKey(GrafanaComponent.ENDPOINT)) {
            logins.add(login("Grafana", creds, CredentialsSecret.GRAFANA_ADMIN_USER,
                    CredentialsSecret.GRAFANA_ADMIN_PASSWORD));
        }
        if (urls.containsKey(NodeRedComponent.EDITOR_ENDPOINT)) {
            logins.add(login("Node-RED (editor and dashboard)", creds, CredentialsSecret.NODE_RED_USERNAME,
                    CredentialsSecret.NODE_RED_PASSWORD));
        }
        if (urls.containsKey(EmqxComponent.DASHBOARD_ENDPOINT)) {
            logins.add(login("EMQX dashboard", creds, CredentialsSecret.EMQX_DASHBOARD_USERNAME,
                    CredentialsSecret.EMQX_DASHBOARD_PASSWORD));
        }
        if (urls.containsKey(InfluxDbComponent.ENDPOINT)) {
            logins.add(login("InfluxDB", creds, CredentialsSecret.INFLUXDB_USERNAME,
                    CredentialsSecret.INFLUXDB_PASSWORD));
        }
        return logins;
    }

    private static Map<String, Object> login(String ui, Credentials creds, String userKey, String passwordKey) {
        Map<String, Object> row = row("ui", ui, "user", creds.get(userKey));
        row.put("password", creds.get(passwordKey));
        return row;
    }

    /** A port-forward to the Service behind an in-cluster URL (http://name.namespace.svc:port). */
    private static Map<String, Object> forward(Lab lab, URI internal) {
        String service = internal.getHost().substring(0, internal.getHost().indexOf('.'));
        Map<String, Object> f = row("service", service, "port", String.valueOf(internal.getPort()));
        f.put("namespace", lab.namespace());
        return f;
    }

    private static Map<String, Object> row(String k1, String v1, String k2, String v2) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(k1, v1);
        row.put(k2, v2);
        return row;
    }

    private static Template template(String resource) {
        try (InputStream in = Handout.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the operator jar");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return Mustache.compiler().escapeHTML(false).compile(reader);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
