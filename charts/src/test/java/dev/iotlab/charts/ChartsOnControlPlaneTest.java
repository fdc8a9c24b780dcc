package dev.iotlab.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import dev.iotlab.operator.cli.HandoutCommand;
import dev.iotlab.operator.config.OperatorConfig;
import dev.iotlab.operator.config.OperatorFactory;
import dev.iotlab.operator.controlplane.ControlPlane;
import dev.iotlab.operator.controlplane.ControlPlaneExtension;
import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.model.OperatorSettings;
import dev.iotlab.operator.reconciler.IotLabReconciler;
import dev.iotlab.operator.reconciler.ReconcileMetrics;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Both charts installed by real Helm into a real control plane (etcd + kube-apiserver + kube-controller-manager;
 * no kubelet, so the operator runs in this JVM instead of in its Deployment), the operator authenticated as the
 * chart's ServiceAccount — so it has exactly the chart's RBAC, and the API server's escalation check on the student
 * Role is the real one. Skipped, with the reason, where the control-plane binaries cannot exist.
 */
@Tag("control-plane")
@ExtendWith(ControlPlaneExtension.class)
class ChartsOnControlPlaneTest {
    private static final String OPERATOR_NS = "iotlab-system";

    @Test
    void operatorAndCourseChartsProduceLabsAndUpgradeRemovesAStudent(ControlPlane cp) throws Exception {
        KubernetesClient admin = cp.adminClient();
        String kubeconfig = Files.readString(cp.logDir().resolve("admin.kubeconfig"));

        new Helm(Charts.OPERATOR).install().withName("iotlab-operator").withNamespace(OPERATOR_NS).createNamespace()
                .withKubeConfigContents(kubeconfig).call();
        assertThat(admin.apiextensions().v1().customResourceDefinitions().withName("iotlabs.iotlab.dev").get())
                .as("the chart installed the CRD").isNotNull();
        await().atMost(Duration.ofSeconds(60)).until(() -> isEstablished(admin));

        // The operator exactly as production configures it, but without leader election: JOSDK's production
        // setting exits the JVM when leadership ends, i.e. on stop (leader election is tested on its own below).
        OperatorConfig config = new OperatorConfig();
        config.setLeaderElection(false);
        try (KubernetesClient asOperator = cp.clientForServiceAccount(OPERATOR_NS, "iotlab-operator")) {
            Operator operator = OperatorFactory.create(asOperator, config, reconciler());
            try {
                operator.start();
                courseLifecycle(cp, admin, kubeconfig);
            } finally {
                operator.stop();
            }
        }

        // Leader election with the chart's Role: JOSDK's start-up permission check, then fabric8's LeaseLock
        // creates the Lease and renews it (a patch) as the chart's ServiceAccount.
        try (KubernetesClient asOperator = cp.clientForServiceAccount(OPERATOR_NS, "iotlab-operator")) {
            Operator elected = new Operator(o -> o.withKubernetesClient(asOperator).withCloseClientOnStop(false)
                    .withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder
                            .aLeaderElectionConfiguration("iotlab-operator").withLeaseNamespace(OPERATOR_NS)
                            .withIdentity("chart-test").withExitOnStopLeading(false).build()));
            elected.register(reconciler());
            try {
                elected.start();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    Lease lease = admin.leases().inNamespace(OPERATOR_NS).withName("iotlab-operator").get();
                    assertThat(lease).isNotNull();
                    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("chart-test");
                    assertThat(lease.getSpec().getRenewTime()).as("renewed after acquiring")
                            .isAfter(lease.getSpec().getAcquireTime());
                });
            } finally {
                elected.stop();
            }
        }
    }

    private static IotLabReconciler reconciler() {
        return new IotLabReconciler(OperatorSettings.defaults(), Clock.systemUTC(),
                new ReconcileMetrics(new SimpleMeterRegistry()));
    }

    private void courseLifecycle(ControlPlane cp, KubernetesClient admin, String kubeconfig) throws Exception {
        String values = "course: cp101\ndefaults: {components: {nodeRed: {enabled: false}}}\n" + Charts.roster(2);
        new Helm(Charts.COURSE).install().withName("cp101").withNamespace("courses").createNamespace()
                .withValuesFile(Charts.writeTemp(values)).withKubeConfigContents(kubeconfig).call();

        for (String student : List.of("s001", "s002")) {
            String ns = "iotlab-cp101-" + student;
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                IotLab lab = admin.resources(IotLab.class).withName("cp101-" + student).get();
                assertThat(lab.getStatus()).as("status of %s", student).isNotNull();
                assertThat(lab.getStatus().getNamespace()).isEqualTo(ns);
                assertThat(lab.getStatus().getEndpoints()).isNotEmpty();
                assertThat(admin.namespaces().withName(ns).get()).isNotNull();
                assertThat(admin.apps().deployments().inNamespace(ns).list().getItems())
                        .extracting(d -> d.getMetadata().getName())
                        .containsExactlyInAnyOrder("emqx", "influxdb", "grafana", "api", "simulator");
                // Created only if the chart's ClusterRole holds what it grants (escalation check).
                assertThat(admin.rbac().roles().inNamespace(ns).withName("student").get()).isNotNull();
                assertThat(admin.rbac().roleBindings().inNamespace(ns).withName("student").get()).isNotNull();
                assertThat(admin.secrets().inNamespace(ns).withName("lab-credentials").get()).isNotNull();
            });
        }

        // The instructor's handout, read from this cluster: the real password of s001.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = HandoutCommand.run(new String[] {"--course", "cp101"}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> new KubernetesClientBuilder().withConfig(cp.adminConfig()).build());
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String password = new String(Base64.getDecoder().decode(admin.secrets().inNamespace("iotlab-cp101-s001")
                .withName("lab-credentials").get().getData().get("mqtt-password")), StandardCharsets.UTF_8);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("MQTT_PASSWORD=" + password)
                .contains("# IoT lab: Student 1").contains("# IoT lab: Student 2")
                .contains("# Node-RED is disabled in this lab");

        // helm upgrade with s002 gone from the roster: its lab and namespace go, s001 stays.
        Helm.upgrade(Charts.COURSE.toString()).withName("cp101").withNamespace("courses")
                .withValuesFile(Charts.writeTemp("course: cp101\n" + Charts.roster(1)))
                .withKubeConfigContents(kubeconfig).call();
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            assertThat(admin.resources(IotLab.class).withName("cp101-s002").get()).isNull();
            Namespace ns = admin.namespaces().withName("iotlab-cp101-s002").get();
            assertThat(ns == null || ns.getMetadata().getDeletionTimestamp() != null)
                    .as("namespace of the removed student is deleted").isTrue();
        });
        assertThat(admin.resources(IotLab.class).withName("cp101-s001").get()).isNotNull();
        // The upgrade turned Node-RED back on for s001 (no longer disabled by the defaults).
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(admin.apps().deployments().inNamespace("iotlab-cp101-s001").withName("node-red").get())
                        .isNotNull());
    }

    private static boolean isEstablished(KubernetesClient admin) {
        var crd = admin.apiextensions().v1().customResourceDefinitions().withName("iotlabs.iotlab.dev").get();
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
