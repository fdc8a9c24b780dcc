package dev.iotlab.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotlab.images.support.Build;
import dev.iotlab.images.support.OperatorOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Grafana cannot run here (no image, no binary): provisioning files and dashboards are checked statically against what
 * the operator renders. Their Flux queries run on a real InfluxDB in {@link GrafanaDashboardQueriesTest}.
 */
class GrafanaProvisioningTest {
    static final String UID = "iotlab-influxdb";
    static final Path GRAFANA = Build.imagesDir().resolve("grafana");
    static final ObjectMapper JSON = new ObjectMapper();

    static List<Path> dashboards() throws IOException {
        try (Stream<Path> files = Files.list(GRAFANA.resolve("dashboards"))) {
            return files.sorted().toList();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void datasourceIsTheLabsInfluxDbInFluxModeWithAFixedUidAndTheEnvironmentTheOperatorSets() throws Exception {
        Map<String, Object> file = new Yaml().load(Files.readString(GRAFANA.resolve("provisioning/datasources/influxdb.yaml")));
        assertThat(file.get("apiVersion")).isEqualTo(1);
        List<Map<String, Object>> sources = (List<Map<String, Object>>) file.get("datasources");
        assertThat(sources).singleElement().satisfies(ds -> {
            assertThat(ds).containsEntry("uid", UID).containsEntry("type", "influxdb").containsEntry("url", "$INFLUXDB_URL");
            assertThat((Map<String, Object>) ds.get("jsonData")).containsEntry("version", "Flux")
                    .containsEntry("organization", "$INFLUXDB_ORG").containsEntry("defaultBucket", "$INFLUXDB_BUCKET");
            assertThat((Map<String, Object>) ds.get("secureJsonData")).containsEntry("token", "$INFLUXDB_TOKEN");
        });
        Map<String, Object> env = grafanaEnv();
        assertThat(env).containsKeys("INFLUXDB_URL", "INFLUXDB_ORG", "INFLUXDB_BUCKET", "INFLUXDB_TOKEN");
        assertThat(((Map<String, Map<String, Object>>) env.get("INFLUXDB_TOKEN")).get("secretKeyRef"))
                .containsEntry("key", "influxdb-token");
    }

    @Test
    @SuppressWarnings("unchecked")
    void providerLoadsTheDirectoryTheOperatorMountsOurDashboardsInto() throws Exception {
        Map<String, Object> file = new Yaml().load(Files.readString(GRAFANA.resolve("provisioning/dashboards/iotlab.yaml")));
        assertThat(file.get("apiVersion")).isEqualTo(1);
        Map<String, Object> provider = ((List<Map<String, Object>>) file.get("providers")).get(0);
        assertThat(provider.get("type")).isEqualTo("file");
        String path = (String) ((Map<String, Object>) provider.get("options")).get("path");
        assertThat(grafanaMounts()).containsEntry(path, "dashboards")
                .containsEntry("/etc/grafana/provisioning/dashboards", "dashboard-providers")
                .containsEntry("/etc/grafana/provisioning/datasources", "datasources");
        Map<String, String> mounted = (Map<String, String>) OperatorOutput.object("ConfigMap", "grafana-dashboards").get("data");
        assertThat(mounted.keySet()).as("every dashboard file reaches the mounted directory")
                .containsExactlyInAnyOrderElementsOf(dashboards().stream().map(p -> p.getFileName().toString()).toList());
    }

    @Test
    @SuppressWarnings("unchecked")
    void grafanaIsServedUnderItsSubPathBehindTheIngress() {
        Map<String, Object> env = grafanaEnv();
        assertThat(env.get("GF_SERVER_SERVE_FROM_SUB_PATH")).isEqualTo("true");
        assertThat((String) env.get("GF_SERVER_ROOT_URL")).endsWith("/grafana/");
    }

    @Test
    void dashboardsAreFileProvisioningJsonWithUniqueUidsAndTheExpectedContent() throws Exception {
        Set<String> uids = new HashSet<>();
        Map<String, JsonNode> byUid = new TreeMap<>();
        for (Path file : dashboards()) {
            assertThat(file.getFileName().toString()).endsWith(".json");
            JsonNode d = JSON.readTree(file.toFile());
            assertThat(d.isObject()).isTrue();
            assertThat(d.has("dashboard")).as("%s: the API envelope {dashboard: ...} does not load from files", file).isFalse();
            assertThat(d.path("id").isMissingNode() || d.path("id").isNull()).as("%s: no numeric id", file).isTrue();
            assertThat(d.path("uid").asText()).matches("[a-z0-9-]{1,40}");
            assertThat(uids.add(d.path("uid").asText())).as("duplicate uid in %s", file).isTrue();
            assertThat(d.path("title").asText()).isNotBlank();
            assertThat(d.path("panels").size()).isPositive();
            assertThat(d.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
            byUid.put(d.path("uid").asText(), d);
        }
        assertThat(byUid).containsKeys("iotlab-house", "iotlab-device", "iotlab-automation");
        assertThat(titles(byUid.get("iotlab-house"))).anyMatch(t -> t.contains("Temperature"))
                .anyMatch(t -> t.contains("Humidity")).anyMatch(t -> t.contains("state")).anyMatch(t -> t.contains("power"));
        JsonNode variable = byUid.get("iotlab-device").path("templating").path("list").get(0);
        assertThat(variable.path("name").asText()).isEqualTo("device");
        assertThat(variable.path("query").asText()).contains("tagValues").contains("\"device_id\"");
        String automation = byUid.get("iotlab-automation").path("description").asText();
        assertThat(automation).contains("automation_events").contains("rule").contains("device_id").contains("location")
                .contains("value").contains("message");
    }

    @Test
    void everyPanelTargetAndVariableUsesTheProvisionedDatasourceUid() throws Exception {
        for (Path file : dashboards()) {
            JsonNode d = JSON.readTree(file.toFile());
            for (JsonNode panel : panels(d)) {
                assertThat(panel.path("datasource").path("uid").asText()).as("%s panel %s", file, panel.path("title")).isEqualTo(UID);
                assertThat(panel.path("targets").size()).as("%s panel %s has queries", file, panel.path("title")).isPositive();
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("datasource").path("uid").asText()).as("%s %s", file, panel.path("title")).isEqualTo(UID);
                }
            }
            for (JsonNode v : d.path("templating").path("list")) {
                if (v.path("type").asText().equals("query")) {
                    assertThat(v.path("datasource").path("uid").asText()).isEqualTo(UID);
                }
            }
            // Absolute links break under /grafana: only tag-based dashboard links, no URLs.
            assertThat(d.findValues("url")).as("%s has no hard-coded URLs", file).isEmpty();
        }
    }

    static Set<String> matches(Pattern p, String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            if (p.path("type").asText().equals("row")) {
                p.path("panels").forEach(out::add);
            } else {
                out.add(p);
            }
        }
        return out;
    }

    static List<String> titles(JsonNode dashboard) {
        return panels(dashboard).stream().map(p -> p.path("title").asText()).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> grafanaContainer() {
        Map<String, Object> deployment = OperatorOutput.object("Deployment", "grafana");
        Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) deployment.get("spec"))
                .get("template")).get("spec");
        return ((List<Map<String, Object>>) pod.get("containers")).get(0);
    }

    /** name -> value, or the valueFrom map for Secret references. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> grafanaEnv() {
        Map<String, Object> out = new TreeMap<>();
        for (Map<String, Object> e : (List<Map<String, Object>>) grafanaContainer().get("env")) {
            out.put((String) e.get("name"), e.containsKey("value") ? e.get("value") : e.get("valueFrom"));
        }
        return out;
    }

    /** mountPath -> volume name. */
    @SuppressWarnings("unchecked")
    static Map<String, String> grafanaMounts() {
        Map<String, String> out = new TreeMap<>();
        for (Map<String, Object> m : (List<Map<String, Object>>) grafanaContainer().get("volumeMounts")) {
            out.put((String) m.get("mountPath"), (String) m.get("name"));
        }
        return out;
    }
}
