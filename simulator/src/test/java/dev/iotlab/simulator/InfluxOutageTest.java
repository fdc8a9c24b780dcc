package dev.iotlab.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.iotlab.testsupport.InfluxDb;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A real InfluxDB 2 that is down for 30 s (system property {@code iotlab.outage.seconds}) while two simulators write
 * the smart-home scenario at 1 Hz, each to its own bucket: one whose buffer holds the whole outage, one whose buffer
 * is smaller than the outage's readings. Afterwards every point either is in InfluxDB exactly once or was counted as
 * dropped — readings = points stored + dropped, checked against the server's own count — and the big buffer
 * dropped nothing.
 */
class InfluxOutageTest {
    static final int OUTAGE_SECONDS = Integer.getInteger("iotlab.outage.seconds", 30);
    static final int SMALL_BUFFER = 100;

    record Run(String bucket, Simulator sim) {
    }

    @Test
    void anOutageLosesNothingUnaccountedAndNothingAtAllWithinTheBufferBound() throws Exception {
        InfluxDb.assumeAvailable();
        Scenario scenario = ScenarioLoader.load(Path.of("scenarios/smart-home.yaml"));
        int perTick = scenario.deviceCount();
        assertThat(OUTAGE_SECONDS * perTick).as("the small buffer must be smaller than the outage's readings")
                .isGreaterThan(2 * SMALL_BUFFER);
        try (InfluxDb influx = InfluxDb.start()) {
            String smallBucket = influx.createBucket("small-buffer");
            Map<String, String> tuning = Map.of("SIMULATOR_INTERVAL_SECONDS", "1", "INFLUXDB_FLUSH_MILLIS", "200",
                    "SIMULATOR_RECONNECT_INITIAL_MILLIS", "200", "SIMULATOR_RECONNECT_MAX_SECONDS", "2");
            Map<String, String> small = new java.util.HashMap<>(tuning);
            small.put("SIMULATOR_BUFFER_SIZE", Integer.toString(SMALL_BUFFER));
            small.put("INFLUXDB_BATCH_SIZE", "20");
            List<Run> runs = List.of(
                    new Run(influx.bucket(), InfluxWriterTest.simulator(influx, influx.bucket(), scenario, Clock.systemUTC(), tuning, true)),
                    new Run(smallBucket, InfluxWriterTest.simulator(influx, smallBucket, scenario, Clock.systemUTC(), small, true)));
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> runs.stream()
                        .allMatch(r -> r.sim().metrics().influxWritten() >= 3L * perTick));

                influx.stop();
                long readingsAtStop = runs.get(0).sim().metrics().readings();
                await("an outage of " + OUTAGE_SECONDS + " s worth of readings").atMost(Duration.ofSeconds(OUTAGE_SECONDS + 20))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> runs.get(0).sim().metrics().readings() - readingsAtStop >= (long) OUTAGE_SECONDS * perTick);
                assertThat(runs.get(0).sim().metrics().influxBuffered()).isGreaterThan(SMALL_BUFFER);
                assertThat(runs.get(1).sim().metrics().influxDropped()).isPositive();
                influx.startAgain();

                await().atMost(Duration.ofSeconds(60)).until(() -> runs.stream()
                        .allMatch(r -> r.sim().metrics().influxBuffered() < perTick));
            } finally {
                runs.forEach(r -> r.sim().close()); // stops ticking; what is left is flushed once or counted as dropped
            }
            for (Run run : runs) {
                Metrics m = run.sim().metrics();
                long stored = countValuePoints(influx, run.bucket());
                assertThat(stored).as("points in bucket %s", run.bucket()).isEqualTo(m.influxWritten());
                assertThat(m.influxWritten() + m.influxDropped()).as("every reading stored or counted")
                        .isEqualTo(m.readings());
                assertThat(m.influxRejected()).isZero();
            }
            assertThat(runs.get(0).sim().metrics().influxDropped()).as("within the buffer bound").isZero();
            Metrics smallMetrics = runs.get(1).sim().metrics();
            assertThat(smallMetrics.influxDropped()).as("beyond the bound: dropped and counted")
                    .isGreaterThanOrEqualTo((long) OUTAGE_SECONDS * perTick - SMALL_BUFFER - 20 - perTick);
            assertThat(smallMetrics.prometheus())
                    .contains("iotlab_simulator_influx_dropped_total " + smallMetrics.influxDropped());
        }
    }

    /** Points (= lines: every line has a value field) in the bucket, counted by InfluxDB itself. */
    static long countValuePoints(InfluxDb influx, String bucket) {
        List<InfluxDb.Row> rows = influx.records("from(bucket: \"" + bucket + "\") |> range(start: -1d)\n"
                + "  |> filter(fn: (r) => r._field == \"value\") |> group() |> count()");
        return rows.isEmpty() ? 0 : Long.parseLong(rows.get(0).get("_value"));
    }
}
