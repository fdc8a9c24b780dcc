package dev.iotlab.images;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iotlab.images.support.Build;
import dev.iotlab.images.support.Processes;
import dev.iotlab.images.support.SimulatorProcess;
import dev.iotlab.testsupport.InfluxDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every Flux query of our Grafana dashboards — panel targets and the device variable — run on a real InfluxDB 2.7
 * against what our real simulator (its jar, smart-home scenario) wrote there, with Grafana's macros substituted the
 * way Grafana's InfluxDB datasource does it in its backend (pkg/tsdb/influxdb/flux/macros.go: {@code v.timeRangeStart}
 * / {@code v.timeRangeStop} → RFC 3339 times, {@code v.windowPeriod} → the interval as Go prints a duration,
 * {@code v.defaultBucket} → the quoted bucket; {@code ${device}} → the variable's value, by the frontend). Each must
 * run without error and return rows. Grafana itself cannot run here (its Go module is not served, no image can be
 * pulled), so how it draws the rows is not tested; the e2e tier on a real cluster does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrafanaDashboardQueriesTest {
    static final Path DASHBOARDS = Build.imagesDir().resolve("grafana/dashboards");
    /** Intervals Grafana sends as v.windowPeriod for these time ranges, as Go formats them. */
    static final List<String> WINDOW_PERIODS = List.of("2s", "1m0s");
    static final Pattern FIELD = Pattern.compile("r\\._field\\s*==\\s*\"([^\"]+)\"");

    InfluxDb influx;
    /** device id → measurement (= device type) of the smart-home scenario. */
    final Map<String, String> devices = new TreeMap<>();

    @BeforeAll
    @SuppressWarnings("unchecked")
    void simulatorWritesToARealInfluxDb() throws Exception {
        InfluxDb.assumeAvailable();
        Path scenario = Build.scenariosDir().resolve("smart-home.yaml");
        Map<String, Object> file = new Yaml().load(Files.readString(scenario));
        for (Map<String, Object> d : (List<Map<String, Object>>) file.get("devices")) {
            devices.put((String) d.get("id"), (String) d.get("type"));
        }
        influx = InfluxDb.start();
        Path dir = Files.createDirectories(Build.targetDir().resolve("grafana-real-influx"));
        try (Processes processes = new Processes()) {
            Map<String, String> env = new HashMap<>();
            env.put("MQTT_BROKER", "127.0.0.1");
            env.put("MQTT_PORT", String.valueOf(Processes.freePort())); // nothing listens: only the database matters here
            env.put("INFLUXDB_URL", influx.url());
            env.put("INFLUXDB_TOKEN", influx.token());
            env.put("INFLUXDB_ORG", influx.org());
            env.put("INFLUXDB_BUCKET", influx.bucket());
            env.put("SIMULATOR_SCENARIO", scenario.toString());
            env.put("SIMULATOR_INTERVAL_SECONDS", "1");
            env.put("INFLUXDB_FLUSH_MILLIS", "200");
            env.put("HEALTH_PORT", "0");
            Processes.Started simulator = SimulatorProcess.start(processes, dir.resolve("simulator.log"), env);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                simulator.assertAlive("simulator");
                assertThat(pointsPerDevice().values()).hasSize(devices.size()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(4));
            });
        }
        // automation_events come from the workshop's module 8 rules, not the simulator: written in the shape its
        // solution writes (workshop/solutions/module08/home_automation.py: tags rule, device_id, location; fields
        // value float, message string)
        long now = Instant.now().toEpochMilli();
        influx.write("""
                automation_events,rule=motion-light,device_id=light-001,location=hallway value=1,message="motion: light on" %d
                automation_events,rule=too-warm,device_id=ac-001,location=living-room value=1,message="27.1 C: AC on" %d
                automation_events,rule=motion-light,device_id=light-001,location=hallway value=0,message="no motion: light off" %d
                """.formatted(now - 3000, now - 2000, now - 1000), "ms");
    }

    @AfterAll
    void stopInflux() {
        if (influx != null) {
            influx.close();
        }
    }

    Map<String, Long> pointsPerDevice() {
        Map<String, Long> out = new TreeMap<>();
        for (InfluxDb.Row row : influx.records("from(bucket: \"" + influx.bucket() + "\") |> range(start: -1h)\n"
                + "  |> filter(fn: (r) => r._field == \"value\") |> group(columns: [\"device_id\"]) |> count()")) {
            out.put(row.get("device_id"), Long.parseLong(row.get("_value")));
        }
        return out;
    }

    /** The query as Grafana sends it to InfluxDB, for the dashboard's time range ending now. */
    String interpolate(String flux, JsonNode dashboard, String windowPeriod, Map<String, String> variables) {
        Instant to = Instant.now();
        Instant from = to.minus(relative(dashboard.path("time").path("from").asText("now-1h")));
        String out = flux;
        for (Map.Entry<String, String> v : variables.entrySet()) {
            out = out.replace("${" + v.getKey() + "}", v.getValue()).replace("$" + v.getKey(), v.getValue());
        }
        return out.replace("v.timeRangeStart", DateTimeFormatter.ISO_INSTANT.format(from))
                .replace("v.timeRangeStop", DateTimeFormatter.ISO_INSTANT.format(to))
                .replace("v.windowPeriod", windowPeriod)
                .replace("v.defaultBucket", "\"" + influx.bucket() + "\"")
                .replace("v.organization", "\"" + influx.org() + "\"");
    }

    /** Grafana's relative time "now-6h" → 6 hours. */
    static Duration relative(String from) {
        Matcher m = Pattern.compile("now-(\\d+)([mhd])").matcher(from);
        assertThat(m.matches()).as("dashboard time.from %s", from).isTrue();
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    List<InfluxDb.Row> run(String flux, String where) {
        InfluxDb.Response r = influx.query(flux);
        assertThat(r.status()).as("%s\n%s\nInfluxDB: %s", where, flux, r.body()).isEqualTo(200);
        assertThat(r.body()).as("%s: error in the result stream", where).doesNotContain(",error,reference");
        return influx.records(flux);
    }

    static List<JsonNode> dashboards() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (var files = Files.list(DASHBOARDS)) {
            for (Path p : files.sorted().toList()) {
                out.add(GrafanaProvisioningTest.JSON.readTree(p.toFile()));
            }
        }
        return out;
    }

    @Test
    void theDeviceVariableListsEveryDeviceTheSimulatorWrote() throws Exception {
        JsonNode drilldown = dashboards().stream().filter(d -> d.path("uid").asText().equals("iotlab-device"))
                .findFirst().orElseThrow();
        assertThat(deviceValues(drilldown)).containsExactlyElementsOf(devices.keySet());
    }

    List<String> deviceValues(JsonNode dashboard) {
        JsonNode variable = dashboard.path("templating").path("list").get(0);
        String flux = interpolate(variable.path("query").asText(), dashboard, "1m0s", Map.of());
        return run(flux, "variable " + variable.path("name").asText()).stream().map(r -> r.get("_value")).sorted().toList();
    }

    @Test
    void everyPanelQueryRunsOnTheRealServerAndReturnsRows() throws Exception {
        List<String> checked = new ArrayList<>();
        for (JsonNode dashboard : dashboards()) {
            boolean perDevice = dashboard.path("templating").path("list").size() > 0;
            List<String> values = perDevice ? deviceValues(dashboard) : List.of();
            for (JsonNode panel : GrafanaProvisioningTest.panels(dashboard)) {
                for (JsonNode target : panel.path("targets")) {
                    String query = target.path("query").asText();
                    String where = dashboard.path("uid").asText() + " / " + panel.path("title").asText();
                    for (String window : WINDOW_PERIODS) {
                        if (!perDevice) {
                            assertThat(run(interpolate(query, dashboard, window, Map.of()), where + " @" + window))
                                    .as("%s @%s returns rows", where, window).isNotEmpty();
                            continue;
                        }
                        Set<String> answered = new TreeSet<>();
                        for (String device : values) {
                            if (!run(interpolate(query, dashboard, window, Map.of("device", device)), where).isEmpty()) {
                                answered.add(device);
                            }
                        }
                        assertThat(answered).as("%s @%s: devices with rows", where, window)
                                .isEqualTo(devicesWithField(GrafanaProvisioningTest.matches(FIELD, query)));
                    }
                    checked.add(where);
                }
            }
        }
        assertThat(checked).hasSizeGreaterThanOrEqualTo(14);
    }

    static final Pattern MEASUREMENT = Pattern.compile("r\\._measurement\\s*==\\s*\"([^\"]+)\"");
    static final Pattern COLUMN = Pattern.compile("\\br\\.([A-Za-z_][A-Za-z0-9_]*)");

    @Test
    void everyFluxQueryReadsOnlyMeasurementsFieldsAndTagsTheSimulatorReallyWrites() throws Exception {
        // what is really in the bucket: the simulator's series and module 8's automation_events
        Map<String, Set<String>> known = new TreeMap<>();
        Set<String> tags = new TreeSet<>();
        for (InfluxDb.Row row : influx.records("from(bucket: \"" + influx.bucket() + "\") |> range(start: -1h)")) {
            known.computeIfAbsent(row.get("_measurement"), k -> new TreeSet<>()).add(row.get("_field"));
            row.values().keySet().stream().filter(c -> !c.startsWith("_") && !c.equals("result") && !c.equals("table"))
                    .forEach(tags::add);
        }
        Map<String, Set<String>> written = new TreeMap<>(known);
        written.remove("automation_events");
        assertThat(written).as("simulator run").isNotEmpty();
        Set<String> measurementsShown = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (Path file : GrafanaProvisioningTest.dashboards()) {
            for (JsonNode panel : GrafanaProvisioningTest.panels(GrafanaProvisioningTest.JSON.readTree(file.toFile()))) {
                for (JsonNode target : panel.path("targets")) {
                    String query = target.path("query").asText();
                    String where = file.getFileName() + " / " + panel.path("title").asText() + ": ";
                    assertThat(query).as(where + "Flux against the default bucket")
                            .contains("from(bucket: v.defaultBucket)").contains("range(start: v.timeRangeStart");
                    Set<String> measurements = GrafanaProvisioningTest.matches(MEASUREMENT, query);
                    Set<String> fields = GrafanaProvisioningTest.matches(FIELD, query);
                    if (measurements.isEmpty() && fields.isEmpty() && !query.contains("r.device_id ==")) {
                        problems.add(where + "query filters neither measurement, field nor device");
                    }
                    for (String m : measurements) {
                        if (!known.containsKey(m)) {
                            problems.add(where + "measurement " + m + " is written by nothing (simulator writes " + written.keySet() + ")");
                        }
                    }
                    Set<String> allowedFields = new TreeSet<>();
                    (measurements.isEmpty() ? known.keySet() : measurements)
                            .forEach(m -> allowedFields.addAll(known.getOrDefault(m, Set.of())));
                    for (String f : fields) {
                        if (!allowedFields.contains(f)) {
                            problems.add(where + "field " + f + " is not written for " + (measurements.isEmpty() ? "any measurement" : measurements));
                        }
                    }
                    for (String column : GrafanaProvisioningTest.matches(COLUMN, query)) {
                        if (!column.startsWith("_") && !tags.contains(column)) {
                            problems.add(where + "tag " + column + " is not written (tags: " + tags + ")");
                        }
                    }
                    measurements.stream().filter(written::containsKey).forEach(measurementsShown::add);
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(measurementsShown).as("the dashboards show the simulator's main measurements")
                .contains("temperature", "humidity", "switch", "light", "ac", "motion", "door", "energy");
    }

    /** The devices whose measurement has these fields (simulator/README.md: ac setpoint+power, light brightness). */
    Set<String> devicesWithField(Set<String> fields) {
        Set<String> out = new TreeSet<>();
        devices.forEach((id, type) -> {
            boolean has = fields.isEmpty() || fields.stream().allMatch(f -> f.equals("value")
                    || (type.equals("ac") && (f.equals("setpoint") || f.equals("power")))
                    || (type.equals("light") && f.equals("brightness")));
            if (has) {
                out.add(id);
            }
        });
        return out;
    }
}
