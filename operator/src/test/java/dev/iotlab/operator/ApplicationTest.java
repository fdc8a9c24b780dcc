package dev.iotlab.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.iotlab.operator.controlplane.ControlPlane;
import dev.iotlab.operator.controlplane.ControlPlaneTest;
import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.reconciler.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Micronaut application as it runs in the cluster: client and operator as beans, started with the server,
 * health and readiness, Prometheus metrics, a graceful stop.
 */
@ControlPlaneTest
class ApplicationTest {

    @Test
    void runsTheOperatorAndServesHealthAndMetrics() throws Exception {
        ControlPlane cp = ControlPlane.shared();
        KubernetesClient admin = cp.adminClient();
        OperatorHarness.installCrd(admin);
        String previous = System.getProperty("kubeconfig");
        System.setProperty("kubeconfig", cp.logDir().resolve("admin.kubeconfig").toString());
        try (ApplicationContext ctx = ApplicationContext.run(Map.of(
                "micronaut.server.port", -1,
                "iotlab.leader-election", false))) {
            EmbeddedServer server = ctx.getBean(EmbeddedServer.class).start();
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(60)).until(() -> get(http, server, "/health/readiness").statusCode() == 200);
            assertThat(get(http, server, "/health/liveness").statusCode()).isEqualTo(200);

            OperatorHarness.applyLab(admin, "app-lab", "student: {name: App}");
            await().atMost(Duration.ofSeconds(60)).until(() -> admin.resources(IotLab.class).withName("app-lab").get()
                    .getStatus().getPhase() != null);

            String metrics = get(http, server, "/prometheus").body();
            assertThat(metrics).contains("iotlab_reconcile_duration_seconds_count")
                    .contains("iotlab_labs{phase=\"Provisioning\"}");
            assertThat(metrics).containsPattern("iotlab_reconcile_duration_seconds_count(\\{[^}]*})? [1-9]");
        } finally {
            if (previous == null) {
                System.clearProperty("kubeconfig");
            } else {
                System.setProperty("kubeconfig", previous);
            }
        }
    }

    static HttpResponse<String> get(HttpClient http, EmbeddedServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
