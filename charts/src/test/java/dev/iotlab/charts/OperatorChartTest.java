package dev.iotlab.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotlab.operator.config.OperatorConfig;
import dev.iotlab.operator.model.BuildInfo;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator chart's objects: what a cluster admin installs once. */
class OperatorChartTest {

    private static List<Map<String, Object>> render(String values) {
        return Charts.template(Charts.OPERATOR, "iotlab-operator", "iotlab-system", values);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(List<Map<String, Object>> docs) {
        var deployment = Charts.ofKind(docs, "Deployment").get(0);
        return ((List<Map<String, Object>>) Charts.map(deployment, "spec", "template", "spec").get("containers")).get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> plainEnv(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> e : (List<Map<String, Object>>) container.get("env")) {
            if (e.get("value") != null) {
                env.put((String) e.get("name"), String.valueOf(e.get("value")));
            }
        }
        return env;
    }

    @Test
    void crdInTheChartIsTheGeneratedOne() throws Exception {
        assertThat(Files.readString(Charts.OPERATOR.resolve("crds/iotlab.dev_iotlabs.yaml")))
                .as("charts/iotlab-operator/crds/ must equal crds/: cp crds/iotlab.dev_iotlabs.yaml "
                        + "charts/iotlab-operator/crds/")
                .isEqualTo(Files.readString(Charts.ROOT.resolve("crds/iotlab.dev_iotlabs.yaml")));
    }

    @Test
    void defaultsGiveTwoNonRootReplicasWithProbesAndAPinnedImage() {
        var docs = render(null);
        assertThat(docs).extracting(d -> d.get("kind")).containsExactlyInAnyOrder("ServiceAccount", "ClusterRole",
                "ClusterRoleBinding", "Role", "RoleBinding", "Service", "Deployment", "PodDisruptionBudget");
        var deployment = Charts.ofKind(docs, "Deployment").get(0);
        assertThat(Charts.map(deployment, "spec").get("replicas")).isEqualTo(2);
        var pod = Charts.map(deployment, "spec", "template", "spec");
        assertThat(Charts.map(pod, "securityContext")).containsEntry("runAsNonRoot", true)
                .containsEntry("runAsUser", 65532);
        var c = container(docs);
        assertThat(c.get("image")).isEqualTo("ghcr.io/iotlab-dev/iotlab-operator:" + BuildInfo.version());
        assertThat(Charts.map(c, "securityContext")).containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false).containsEntry("runAsUser", 65532);
        assertThat(Charts.map(c, "livenessProbe", "httpGet")).containsEntry("path", "/health/liveness");
        assertThat(Charts.map(c, "readinessProbe", "httpGet")).containsEntry("path", "/health/readiness");
        assertThat(Charts.map(c, "startupProbe", "httpGet")).containsEntry("path", "/health/liveness");
        assertThat(Charts.map(c, "resources", "limits")).containsKey("memory");
        assertThat(c.get("volumeMounts").toString()).contains("mountPath=/tmp");
        assertThat(c.get("env").toString()).contains("name=POD_NAMESPACE")
                .contains("fieldPath=metadata.namespace");
        var service = Charts.ofKind(docs, "Service").get(0);
        assertThat(Charts.map(service, "spec").get("ports").toString()).contains("port=8080");
    }

    @Test
    void chartSettingsReachTheOperatorsConfiguration() {
        var docs = render("""
                leaderElection: true
                httpPort: 9090
                operator:
                  concurrentReconciles: 4
                  ingressNamespaces: [traefik]
                  componentImages:
                    emqx: registry.example.edu/emqx/emqx:5.8.6
                    nodeRed: registry.example.edu/iotlab/node-red:1.2.3
                """);
        Map<String, String> env = plainEnv(container(docs));
        // Micronaut reads the Deployment's environment exactly as it would in the pod.
        try (ApplicationContext ctx = ApplicationContext.builder()
                .propertySources(EnvironmentVariables.asPropertySource(env))
                .properties(Map.of("iotlab.start-operator", "false"))
                .start()) {
            OperatorConfig config = ctx.getBean(OperatorConfig.class);
            assertThat(config.isLeaderElection()).isTrue();
            assertThat(config.getConcurrentReconciles()).isEqualTo(4);
            assertThat(config.getIngressNamespaces()).containsExactly("traefik");
            assertThat(config.toSettings().image("emqx")).isEqualTo("registry.example.edu/emqx/emqx:5.8.6");
            assertThat(config.toSettings().image("node-red")).isEqualTo("registry.example.edu/iotlab/node-red:1.2.3");
            assertThat(config.toSettings().image("grafana")).as("unset keeps the built-in default")
                    .startsWith("grafana/grafana:");
            assertThat(ctx.getProperty("micronaut.server.port", Integer.class)).contains(9090);
        }
    }

    @Test
    void gatewaySettingsReachTheOperatorsConfiguration() {
        var docs = render("""
                operator:
                  gateway:
                    name: labs
                    namespace: gateways
                    sectionName: https
                    domain: labs.example.edu
                    dataPlaneNamespaces: [envoy-gateway-system, nginx-gateway]
                """);
        Map<String, String> env = plainEnv(container(docs));
        try (ApplicationContext ctx = ApplicationContext.builder()
                .propertySources(EnvironmentVariables.asPropertySource(env))
                .properties(Map.of("iotlab.start-operator", "false"))
                .start()) {
            var settings = ctx.getBean(OperatorConfig.class).toSettings();
            assertThat(settings.defaultGateway()).isEqualTo(new dev.iotlab.operator.model.DefaultGateway("labs",
                    "gateways", "https", "labs.example.edu", dev.iotlab.operator.customresource.GatewayScheme.HTTPS));
            assertThat(settings.gatewayNamespaces()).containsExactly("envoy-gateway-system", "nginx-gateway");
        }
        assertThat(plainEnv(container(render(null)))).as("no default gateway unless named")
                .doesNotContainKeys("IOTLAB_GATEWAY_NAME", "IOTLAB_GATEWAY_DOMAIN")
                .containsEntry("IOTLAB_GATEWAY_NAMESPACES", "envoy-gateway-system");
        assertThatThrownBy(() -> render("operator: {gateway: {name: labs}}\n"))
                .hasMessageContaining("set both name and namespace");
        assertThatThrownBy(() -> render("operator: {gateway: {scheme: ftp}}\n")).hasMessageContaining("scheme");
    }

    @Test
    void latestIsRefused() {
        assertThatThrownBy(() -> render("image: {tag: latest}\n")).hasMessageContaining("latest");
        assertThatThrownBy(() -> render("operator: {componentImages: {emqx: 'emqx/emqx:latest'}}\n"))
                .hasMessageContaining("emqx");
    }

    @Test
    void twoReplicasWithoutLeaderElectionAreRefused() {
        assertThatThrownBy(() -> render("replicaCount: 2\nleaderElection: false\n"))
                .hasMessageContaining("leaderElection");
        var single = render("replicaCount: 1\nleaderElection: false\n");
        assertThat(Charts.ofKind(single, "Role")).as("no Lease permission without leader election").isEmpty();
        assertThat(Charts.ofKind(single, "PodDisruptionBudget")).isEmpty();
        assertThat(plainEnv(container(single))).containsEntry("IOTLAB_LEADER_ELECTION", "false");
    }

    @Test
    void serviceMonitorScrapesThePrometheusEndpoint() {
        var docs = render("metrics: {serviceMonitor: {enabled: true, labels: {release: prometheus}}}\n");
        var monitor = Charts.ofKind(docs, "ServiceMonitor").get(0);
        assertThat(Charts.map(monitor, "metadata", "labels")).containsEntry("release", "prometheus");
        assertThat(Charts.map(monitor, "spec").get("endpoints").toString()).contains("path=/prometheus")
                .contains("port=http-metrics");
    }

    @Test
    void digestPinsTheImage() {
        String digest = "sha256:" + "a".repeat(64);
        assertThat(container(render("image: {digest: " + digest + "}\n")).get("image"))
                .as("by tag and digest: the digest is what is pulled, the tag what people read")
                .isEqualTo("ghcr.io/iotlab-dev/iotlab-operator:" + BuildInfo.version() + "@" + digest);
    }

    @Test
    void withoutRbacAndServiceAccountOnlyTheWorkloadIsRendered() {
        var docs = render("rbac: {create: false}\nserviceAccount: {create: false, name: existing}\n"
                + "metrics: {service: {enabled: false}}\nreplicaCount: 1\n");
        assertThat(docs).extracting(d -> d.get("kind")).containsExactly("Deployment");
        assertThat(Charts.map(Charts.ofKind(docs, "Deployment").get(0), "spec", "template", "spec"))
                .containsEntry("serviceAccountName", "existing");
    }
}
