package dev.iotlab.api.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotlab.api.support.ApiTest;
import dev.iotlab.api.support.MqttPeer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The API measuring progress in a running lab: the real broker's retained workshop messages, the registry, the
 * database; the report kept in the lab's ConfigMap (a fabric8 mock API server here; the same patch against the real
 * apiserver and RBAC is ProgressStatusTest in the operator) only when it changed.
 */
@MicronautTest
class ProgressLiveTest extends ApiTest {
    static final String NS = "iotlab-live";
    static final ObjectMapper JSON = new ObjectMapper();
    final KubernetesMockServer kube = startKube();
    final NamespacedKubernetesClient kubeClient = kube.createClient();

    @Inject
    ProgressTracker tracker;

    @Inject
    MeterRegistry metrics;

    static KubernetesMockServer startKube() {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        return server;
    }

    @Override
    public Map<String, String> getProperties() {
        kubeClient.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("lab-progress").withNamespace(NS).endMetadata().build()).create();
        Map<String, String> p = new HashMap<>(super.getProperties());
        p.put("iotlab.progress.configmap", "lab-progress");
        p.put("api.progress.interval-seconds", "3600"); // the test evaluates when it wants to
        p.put("iotlab.progress.kubernetes.master-url", kube.url("/"));
        p.put("iotlab.progress.kubernetes.token", "t");
        p.put("iotlab.progress.kubernetes.namespace", NS);
        return p;
    }

    @AfterAll
    void stopKube() {
        kubeClient.close();
        kube.destroy();
    }

    @Test
    void eachModuleFlipsOnItsOwnEvidenceAndTheReportIsWrittenOnlyWhenItChanges() throws Exception {
        awaitBrokerConnected();
        JsonNode report = await().atMost(Duration.ofSeconds(20)).until(() -> {
            tracker.evaluate();
            return kept();
        }, r -> r != null);
        assertThat(report.get("summary").asText()).isEqualTo("0/10");
        assertThat(report.get("modules")).hasSize(10);
        assertThat(report.toString()).doesNotContain(ApiTestSecrets.TOKEN);

        double writes = writes();
        for (int i = 0; i < 3; i++) {
            tracker.evaluate();
        }
        assertThat(writes()).as("writes while nothing changed").isEqualTo(writes);

        try (MqttPeer student = new MqttPeer(broker.port())) {
            student.publish("workshop/module02/subscriber", "{\"pattern\": \"sensors/+/+\", \"topics\": "
                    + "[\"sensors/temperature/temp-001\", \"sensors/temperature/temp-002\", \"sensors/humidity/hum-001\"]}",
                    true);
            student.publish("workshop/module02/retained", "kept", true);
            student.publish("workshop/module02/status", "offline", true);
            // Evidence changes are picked up without waiting for the interval (the test's is an hour).
            JsonNode two = await().atMost(Duration.ofSeconds(20)).until(this::kept,
                    r -> r != null && "1/10".equals(r.get("summary").asText()));
            assertThat(doneModules(two)).containsExactly(2);
            assertThat(two.get("lastActivity").asText()).matches("\\d{4}-.*:00Z");

            student.publish("workshop/module01/environment", "{\"ok\": true, \"checks\": {\"env\": true, \"mqtt\": true,"
                    + " \"api\": true, \"influxdb\": true}}", true);
            JsonNode three = await().atMost(Duration.ofSeconds(20)).until(this::kept,
                    r -> r != null && "2/10".equals(r.get("summary").asText()));
            assertThat(doneModules(three)).containsExactly(1, 2);

            // An empty retained payload removes the evidence, as it removes the message on the broker.
            student.publish("workshop/module02/retained", "", true);
            JsonNode back = await().atMost(Duration.ofSeconds(20)).until(this::kept,
                    r -> r != null && "1/10".equals(r.get("summary").asText()));
            assertThat(doneModules(back)).containsExactly(1);
            assertThat(back.get("modules").get(1).get("missing").get(0).asText())
                    .startsWith("No retained message on workshop/module02/retained");
            student.publish("workshop/module01/environment", "", true);
            student.publish("workshop/module02/subscriber", "", true);
            student.publish("workshop/module02/status", "", true);
        }
    }

    @Test
    void theProgressEndpointHasTheCheckersShapeWithEveryRule() {
        var r = http.get("/progress");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("modules")).hasSize(10);
        assertThat(r.json().get("modules").get(2).get("rules")).extracting(n -> n.get("id").asText())
                .containsExactly("m3.points", "m3.queries", "m3.bridge");
        assertThat(r.json().get("summary").asText()).matches("\\d+/10");
        assertThat(http.withToken("wrong").get("/progress").status()).isEqualTo(401);
    }

    JsonNode kept() throws Exception {
        ConfigMap cm = kubeClient.configMaps().inNamespace(NS).withName("lab-progress").get();
        String text = cm.getData() == null ? null : cm.getData().get("progress.json");
        return text == null ? null : JSON.readTree(text);
    }

    static List<Integer> doneModules(JsonNode report) {
        List<Integer> done = new java.util.ArrayList<>();
        report.get("modules").forEach(m -> {
            if (m.get("done").asBoolean()) {
                done.add(m.get("module").asInt());
            }
        });
        return done;
    }

    double writes() {
        return metrics.counter("iotlab_progress_writes").count();
    }

    static final class ApiTestSecrets {
        static final String TOKEN = dev.iotlab.api.support.Lab.TOKEN;
    }
}
