package dev.iotlab.api.support;

import dev.iotlab.testsupport.InfluxDb;
import dev.iotlab.testsupport.Mosquitto;
import dev.iotlab.api.mqtt.MqttGateway;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Base of @MicronautTest classes whose subject is not the database: the API (the test's application context) against
 * the shared real broker and a real InfluxDB 2 of the class's own, onboarded as a lab's (skipped with the reason where
 * IOTLAB_INFLUXD is unset). Tests that restart the API or its peers use {@link Lab} or {@link RealInfluxTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ApiTest implements TestPropertyProvider {
    protected final Mosquitto broker = Broker.shared();
    protected final InfluxDb influx = InfluxDb.start();

    @Inject
    protected EmbeddedServer server;

    @Inject
    protected MqttGateway mqtt;

    protected Http http;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>();
        Lab.properties(broker.port(), influx, Lab.tempDir()).forEach((k, v) -> p.put(k, String.valueOf(v)));
        return p;
    }

    /** For classes whose tests need the API's MQTT client up before they start. */
    protected void awaitBrokerConnected() {
        await().atMost(Duration.ofSeconds(20)).until(mqtt::isConnected);
    }

    @BeforeEach
    void setUpClient() {
        http = new Http("http://127.0.0.1:" + server.getPort(), Lab.TOKEN);
    }

    @AfterAll
    void stopInflux() {
        influx.close();
    }
}
