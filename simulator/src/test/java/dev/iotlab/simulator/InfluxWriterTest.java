package dev.iotlab.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.iotlab.contract.SimulatorConfig;
import dev.iotlab.testsupport.InfluxDb;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The simulator's readings in a real InfluxDB 2.7 (not a recording of the HTTP): for the shipped scenarios every
 * device's points land with the contract's measurement (the device type), tags {@code device_id},
 * {@code device_type}, {@code location} and float fields — {@code value}, plus {@code setpoint} and {@code power}
 * for an AC and {@code brightness} for a light (simulator/README.md, "InfluxDB") — at the tick's millisecond.
 */
class InfluxWriterTest {
    /** The contract's fields per measurement. */
    static final Map<String, Set<String>> FIELDS = Map.of(
            "temperature", Set.of("value"), "humidity", Set.of("value"), "switch", Set.of("value"),
            "motion", Set.of("value"), "door", Set.of("value"), "energy", Set.of("value"),
            "light", Set.of("value", "brightness"), "ac", Set.of("value", "setpoint", "power"));
    static final int TICKS = 3;

    static Simulator simulator(InfluxDb influx, String bucket, Scenario scenario, java.time.Clock clock,
                               Map<String, String> extra, boolean periodic) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("MQTT_BROKER", "127.0.0.1");
        env.put("MQTT_PORT", Integer.toString(TestBroker.freePort())); // no broker: the database path does not need one
        env.put("HEALTH_PORT", "0");
        env.put("SIMULATOR_SEED", "7");
        env.put("INFLUXDB_URL", influx.url());
        env.put("INFLUXDB_TOKEN", influx.token());
        env.put("INFLUXDB_ORG", influx.org());
        env.put("INFLUXDB_BUCKET", bucket);
        env.put("INFLUXDB_FLUSH_MILLIS", "50");
        env.putAll(extra);
        return new Simulator(SimulatorConfig.fromEnv(env), scenario, clock).start(periodic);
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "smart-home"})
    void everyDeviceLandsWithTheContractsMeasurementTagsAndFloatFields(String name) throws Exception {
        InfluxDb.assumeAvailable();
        Scenario scenario = ScenarioLoader.load(Path.of("scenarios/" + name + ".yaml"));
        // an hour ago: InfluxDB refuses points older than the bucket's retention (30 days in a lab)
        Instant start = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).minus(Duration.ofHours(1));
        MutableClock clock = new MutableClock(start.toString());
        List<Long> tickTimes = new ArrayList<>();
        try (InfluxDb influx = InfluxDb.start(); Simulator sim = simulator(influx, influx.bucket(), scenario, clock, Map.of(), false)) {
            for (int i = 0; i < TICKS; i++) {
                tickTimes.add(clock.millis());
                sim.tick();
                clock.advance(Duration.ofSeconds(5));
                long expected = (long) (i + 1) * scenario.deviceCount();
                await().atMost(Duration.ofSeconds(20)).until(() -> sim.metrics().influxWritten() == expected);
            }
            assertThat(sim.metrics().influxRequests.get()).as("one write request per tick").isEqualTo(TICKS);

            List<InfluxDb.Row> rows = influx.records("from(bucket: \"" + influx.bucket() + "\")\n"
                    + "  |> range(start: " + start + ", stop: " + start.plus(Duration.ofMinutes(5)) + ")");

            // series as stored: measurement, the three tags and nothing else, per device of the scenario
            Map<String, Set<String>> fieldsPerDevice = new TreeMap<>();
            Map<String, Set<Instant>> timesPerDevice = new TreeMap<>();
            for (InfluxDb.Row row : rows) {
                Set<String> tagColumns = new TreeSet<>(row.values().keySet());
                tagColumns.removeIf(c -> c.startsWith("_") || c.equals("result") || c.equals("table"));
                assertThat(tagColumns).as("tags of %s", row.values()).containsExactly("device_id", "device_type", "location");
                assertThat(row.type("_value")).as("%s %s", row.get("_measurement"), row.get("_field")).isEqualTo("double");
                String key = row.get("_measurement") + "," + row.get("device_id") + "," + row.get("device_type") + ","
                        + row.get("location");
                fieldsPerDevice.computeIfAbsent(key, k -> new TreeSet<>()).add(row.get("_field"));
                timesPerDevice.computeIfAbsent(key + "," + row.get("_field"), k -> new TreeSet<>())
                        .add(Instant.parse(row.get("_time")));
            }
            Map<String, Set<String>> expected = new TreeMap<>();
            for (Scenario.DeviceSpec d : scenario.devices()) {
                String type = d.type().wireName();
                expected.put(type + "," + d.id() + "," + type + "," + d.location(), new TreeSet<>(FIELDS.get(type)));
            }
            assertThat(fieldsPerDevice).isEqualTo(expected);
            Set<Instant> ticks = new TreeSet<>(tickTimes.stream().map(Instant::ofEpochMilli).toList());
            assertThat(timesPerDevice).allSatisfy((series, times) -> assertThat(times).as(series).isEqualTo(ticks));
            assertThat(sim.metrics().influxRejected()).isZero();
            assertThat(sim.metrics().influxDropped()).isZero();
        }
    }

    static Instant recent() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minus(Duration.ofMinutes(10));
    }

    static long count(InfluxDb influx, String flux) {
        List<InfluxDb.Row> rows = influx.records(flux + " |> group() |> count()");
        return rows.isEmpty() ? 0 : Long.parseLong(rows.get(0).get("_value"));
    }

    @Test
    void pointsOlderThanTheBucketsRetentionAreCountedAsRejectedAndDoNotBlockLaterOnes() throws Exception {
        InfluxDb.assumeAvailable();
        Scenario scenario = ScenarioLoader.load(Path.of("scenarios/smart-home.yaml"));
        // InfluxDB answers 422 for points beyond the bucket's 30-day retention: the data is refused, not the server
        MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofDays(40)).toString());
        try (InfluxDb influx = InfluxDb.start(); Simulator sim = simulator(influx, influx.bucket(), scenario, clock, Map.of(), false)) {
            sim.tick();
            await().atMost(Duration.ofSeconds(20)).until(() -> sim.metrics().influxRejected() == scenario.deviceCount());
            clock.set(recent());
            sim.tick();
            await().atMost(Duration.ofSeconds(20)).until(() -> sim.metrics().influxWritten() == scenario.deviceCount());
            assertThat(count(influx, "from(bucket: \"" + influx.bucket() + "\") |> range(start: 0)"
                    + " |> filter(fn: (r) => r._field == \"value\")")).isEqualTo(scenario.deviceCount());
            assertThat(sim.metrics().influxRequests.get()).isEqualTo(2);
            assertThat(sim.metrics().prometheus()).contains("iotlab_simulator_influx_rejected_total " + scenario.deviceCount());
        }
    }

    @Test
    void aCleanShutdownWritesWhatIsStillBuffered() throws Exception {
        InfluxDb.assumeAvailable();
        Scenario scenario = ScenarioLoader.load(Path.of("scenarios/smart-home.yaml"));
        MutableClock clock = new MutableClock(recent().toString());
        try (InfluxDb influx = InfluxDb.start()) {
            Simulator sim = simulator(influx, influx.bucket(), scenario, clock, Map.of("INFLUXDB_FLUSH_MILLIS", "600000"), false);
            sim.tick();
            assertThat(sim.metrics().influxRequests.get()).isZero();
            sim.close();
            assertThat(count(influx, "from(bucket: \"" + influx.bucket() + "\") |> range(start: -1h)"
                    + " |> filter(fn: (r) => r._field == \"value\")")).isEqualTo(scenario.deviceCount());
        }
    }

    @Test
    void withoutATokenNothingIsWritten() throws Exception {
        InfluxDb.assumeAvailable();
        Scenario scenario = ScenarioLoader.load(Path.of("scenarios/smart-home.yaml"));
        try (InfluxDb influx = InfluxDb.start()) {
            Simulator sim = simulator(influx, influx.bucket(), scenario, new MutableClock(recent().toString()),
                    Map.of("INFLUXDB_TOKEN", ""), false);
            sim.tick();
            sim.close();
            assertThat(sim.metrics().influxRequests.get()).isZero();
            assertThat(count(influx, "from(bucket: \"" + influx.bucket() + "\") |> range(start: -1h)")).isZero();
        }
    }

    @Test
    void tagValuesWithSpacesCommasAndEqualsSignsRoundTripThroughTheRealServer() throws Exception {
        InfluxDb.assumeAvailable();
        long t = recent().toEpochMilli();
        Reading odd = new Reading("a=b", DeviceType.TEMPERATURE, "living room,2", t, 21.5, null, null, null, null);
        try (InfluxDb influx = InfluxDb.start()) {
            influx.write(odd.line(), "ms");
            assertThat(influx.records("from(bucket: \"" + influx.bucket() + "\") |> range(start: -1h)"))
                    .singleElement().satisfies(row -> {
                        assertThat(row.get("device_id")).isEqualTo("a=b");
                        assertThat(row.get("location")).isEqualTo("living room,2");
                        assertThat(row.get("_value")).isEqualTo("21.5");
                        assertThat(Instant.parse(row.get("_time")).toEpochMilli()).isEqualTo(t);
                    });
        }
    }
}
