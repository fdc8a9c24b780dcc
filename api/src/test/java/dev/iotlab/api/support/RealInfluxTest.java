package dev.iotlab.api.support;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.query.FluxRecord;
import com.influxdb.query.FluxTable;
import dev.iotlab.testsupport.InfluxDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Base of the database endpoint tests: the API (its own application context) against a real InfluxDB 2 of the
 * class's own (started and onboarded by {@link InfluxDb}) and the shared real broker. Skipped with the reason where
 * IOTLAB_INFLUXD or mosquitto is missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RealInfluxTest {
    protected InfluxDb influx;
    protected Lab lab;
    protected Http http;

    /** Extra API properties of a test class (e.g. limits); the defaults point the API at the real server. */
    protected Map<String, Object> apiProperties(Map<String, Object> defaults) {
        return defaults;
    }

    @BeforeAll
    void startInfluxAndApi() {
        InfluxDb.assumeAvailable();
        int mqttPort = Broker.shared().port();
        influx = InfluxDb.start();
        lab = Lab.start(apiProperties(Lab.properties(mqttPort, influx, Lab.tempDir())));
        http = lab.http;
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(http.withToken(null).get("/health").status()).isEqualTo(200));
    }

    @AfterAll
    void stopInfluxAndApi() {
        if (lab != null) {
            lab.close();
        }
        if (influx != null) {
            influx.close();
        }
    }

    /** Reads back through influxdb-client-java directly (not through the API under test): typed values per record. */
    protected List<FluxRecord> readBack(String flux) {
        try (InfluxDBClient client = InfluxDBClientFactory.create(influx.url(), influx.token().toCharArray(),
                influx.org(), influx.bucket())) {
            return client.getQueryApi().query(flux).stream().map(FluxTable::getRecords).flatMap(List::stream).toList();
        }
    }
}
