package dev.iotlab.operator.customresource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.iotlab.operator.controlplane.ControlPlane;
import dev.iotlab.operator.controlplane.ControlPlaneTest;
import dev.iotlab.operator.model.CredentialsSecret;
import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.LabChecks;
import dev.iotlab.operator.model.LabResources;
import dev.iotlab.operator.model.Labels;
import dev.iotlab.operator.model.OperatorSettings;
import dev.iotlab.operator.reconciler.OperatorHarness;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The class, not the cases: every enum value and every bound of the CRD (and just outside it), each component
 * disabled in turn, both profiles, ingress with and without TLS. For each, the real API server either refuses the
 * IotLab naming the field, or admits every object the operator renders for it — and the Pods the
 * controller-manager makes from each Deployment under the lab's ResourceQuota, LimitRange and the restricted Pod
 * Security level, also while the largest component rolls. A lab that is accepted but whose Pods or Services are
 * refused is the failure this test is for (e.g. a LoadBalancer Service under a quota of 0 node ports).
 */
@ControlPlaneTest
class LabClassWalkTest {
    static final Duration PATIENCE = Duration.ofSeconds(90);
    static final String ROLL = "iotlab.dev/class-walk-roll";
    static KubernetesClient admin;

    @BeforeAll
    static void installCrd() throws Exception {
        admin = ControlPlane.shared().adminClient();
        OperatorHarness.installCrd(admin);
    }

    static Arguments admitted(String why, String spec) {
        return Arguments.of(why, spec, null);
    }

    static Arguments refused(String why, String spec, String field) {
        return Arguments.of(why, spec, field);
    }

    static Stream<Arguments> theClass() {
        List<Arguments> all = new ArrayList<>(List.of(
                admitted("defaults", ""),
                admitted("profile small", "profile: small"),
                admitted("profile standard", "profile: standard"),
                refused("profile outside the enum", "profile: huge", "spec.profile"),
                admitted("mqtt ClusterIP", "access: {mqttServiceType: ClusterIP}"),
                admitted("mqtt NodePort", "access: {mqttServiceType: NodePort}"),
                admitted("mqtt LoadBalancer", "access: {mqttServiceType: LoadBalancer}"),
                admitted("mqtt LoadBalancer, standard", "profile: standard\naccess: {mqttServiceType: LoadBalancer}"),
                refused("mqtt type outside the enum", "access: {mqttServiceType: ExternalName}", "spec.access.mqttServiceType"),
                admitted("retention at the minimum", "components: {influxdb: {retention: 1h}}"),
                admitted("retention at the minimum in seconds", "components: {influxdb: {retention: 3600s}}"),
                admitted("retention forever (0)", "components: {influxdb: {retention: \"0\"}}"),
                admitted("retention forever (infinite)", "components: {influxdb: {retention: infinite}}"),
                admitted("retention long", "components: {influxdb: {retention: 520w}}"),
                refused("retention just under the minimum", "components: {influxdb: {retention: 59m59s}}",
                        "spec.components.influxdb.retention"),
                refused("retention 0s", "components: {influxdb: {retention: 0s}}", "spec.components.influxdb.retention"),
                admitted("storage at the minimum", "components: {influxdb: {storage: 64Mi}, nodeRed: {storage: 64Mi}, "
                        + "grafana: {storage: 64Mi}, emqx: {storage: 64Mi}}"),
                admitted("storage large", "components: {influxdb: {storage: 2Ti}}"),
                admitted("storage with a decimal", "components: {influxdb: {storage: 1.5Gi}}"),
                refused("storage just under the minimum", "components: {nodeRed: {storage: 63Mi}}",
                        "spec.components.nodeRed.storage"),
                refused("storage zero", "components: {influxdb: {storage: \"0\"}}", "spec.components.influxdb.storage"),
                admitted("interval at the minimum", "components: {simulator: {intervalSeconds: 1}}"),
                admitted("interval at the maximum", "components: {simulator: {intervalSeconds: 3600}}"),
                refused("interval just under", "components: {simulator: {intervalSeconds: 0}}",
                        "spec.components.simulator.intervalSeconds"),
                refused("interval just over", "components: {simulator: {intervalSeconds: 3601}}",
                        "spec.components.simulator.intervalSeconds"),
                admitted("ingress without TLS", "access: {ingress: {host: walk.labs.example.edu}}"),
                admitted("ingress with TLS", "access: {ingress: {host: walk.labs.example.edu, className: nginx, "
                        + "tlsSecretName: labs-tls}}"),
                refused("ingress host not a DNS name", "access: {ingress: {host: Walk_Lab}}", "spec.access.ingress.host"),
                admitted("suspended", "suspend: true"),
                admitted("expired", "expiresAt: \"2020-01-01T00:00:00Z\""),
                admitted("a request above the profile's limit", "components: {api: {resources: {requests: {memory: 1Gi}}}}"),
                admitted("limits above the old LimitRange cap", "components: {simulator: {resources: "
                        + "{requests: {memory: 256Mi}, limits: {memory: 6Gi, cpu: \"3\"}}}}"),
                refused("a request above its own limit", "components: {api: {resources: {requests: {memory: 1Gi}, "
                        + "limits: {memory: 512Mi}}}}", "spec.components.api.resources"),
                admitted("every component disabled", "components: {emqx: {enabled: false}, influxdb: {enabled: false}, "
                        + "nodeRed: {enabled: false}, grafana: {enabled: false}, api: {enabled: false}, "
                        + "simulator: {enabled: false}}")));
        for (String component : List.of("emqx", "influxdb", "nodeRed", "grafana", "api", "simulator")) {
            all.add(admitted(component + " disabled", "components: {" + component + ": {enabled: false}}"));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("theClass")
    void theApiServerRefusesTheLabNamingTheFieldOrAdmitsEverythingItRenders(String why, String spec, String field) {
        String suffix = HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(),
                (byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt()});
        String name = "walk-" + suffix;
        String namespace = "iotlab-walk-" + suffix;
        String full = "student: {name: Walker}\nnamespace: " + namespace + (spec.isEmpty() ? "" : "\n" + spec);
        GenericKubernetesResource lab = Serialization.unmarshal(Serialization.asYaml(
                TestLabsYaml.toApply(name, full)), GenericKubernetesResource.class);
        if (field != null) {
            assertThatThrownBy(() -> admin.resource(lab).dryRun().create())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(422);
                        assertThat(e.getStatus().getMessage()).contains(field);
                    });
            return;
        }
        admin.resource(lab).dryRun().create(); // the API server accepts the IotLab
        IotLab typed = Serialization.unmarshal(Serialization.asYaml(lab), IotLab.class);
        typed.getMetadata().setUid("uid-" + name);
        Lab model = new Lab(typed, OperatorSettings.defaults(), Instant.now());
        LabChecks.validate(model); // and the operator does not refuse it either

        List<HasMetadata> objects = new ArrayList<>(LabResources.all(model));
        objects.add(1, CredentialsSecret.generate(model));
        try {
            for (HasMetadata o : objects) {
                try {
                    admin.resource(o).create();
                } catch (KubernetesClientException e) {
                    throw new AssertionError(o.getKind() + " " + o.getMetadata().getName() + " refused: "
                            + (e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage()), e);
                }
            }
            List<Deployment> running = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                    .filter(d -> d.getSpec().getReplicas() > 0).toList();
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(componentsWithPods(namespace))
                    .as("components with a Pod; events: %s", failedCreates(namespace))
                    .containsAll(running.stream().map(LabClassWalkTest::component).toList()));

            // While the largest component rolls, its new Pod is admitted too (beside the old one, for RollingUpdate).
            running.stream().max(Comparator.comparing(LabClassWalkTest::memoryLimit)).ifPresent(largest -> {
                // retried: the controllers update the Deployment's status at the same time
                await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> admin.apps().deployments()
                        .inNamespace(namespace).withName(largest.getMetadata().getName()).edit(d -> {
                            d.getSpec().getTemplate().getMetadata().getAnnotations().put(ROLL, "1");
                            return d;
                        }));
                await().atMost(PATIENCE).untilAsserted(() -> assertThat(admin.pods().inNamespace(namespace)
                        .withLabel(Labels.COMPONENT, component(largest)).list().getItems())
                        .as("new Pod of %s while it rolls; events: %s", component(largest), failedCreates(namespace))
                        .anyMatch(p -> "1".equals(p.getMetadata().getAnnotations().get(ROLL))));
            });
            // And the student still has room for one small Pod of their own (LimitRange defaults fill it in).
            admin.pods().inNamespace(namespace).resource(studentPod()).create();
        } finally {
            admin.namespaces().withName(namespace).delete();
        }
    }

    private static Pod studentPod() {
        return Serialization.unmarshal("""
                apiVersion: v1
                kind: Pod
                metadata: {name: student-experiment}
                spec:
                  securityContext: {runAsNonRoot: true, runAsUser: 1000, seccompProfile: {type: RuntimeDefault}}
                  containers:
                  - name: python
                    image: python:3.12-slim
                    securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
                """, Pod.class);
    }

    private static String component(Deployment d) {
        return d.getMetadata().getLabels().get(Labels.COMPONENT);
    }

    private static java.math.BigDecimal memoryLimit(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits().get("memory")
                .getNumericalAmount();
    }

    private static List<String> componentsWithPods(String namespace) {
        return admin.pods().inNamespace(namespace).list().getItems().stream()
                .map(p -> p.getMetadata().getLabels().get(Labels.COMPONENT)).distinct().toList();
    }

    private static String failedCreates(String namespace) {
        return admin.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> "FailedCreate".equals(e.getReason()))
                .map(e -> e.getInvolvedObject().getName() + ": " + e.getMessage())
                .distinct().collect(Collectors.joining("; "));
    }

    /** IotLab YAML as an instructor writes it, without the typed model (which cannot hold an invalid enum). */
    static final class TestLabsYaml {
        static Map<String, Object> toApply(String name, String specYaml) {
            return Map.of("apiVersion", IotLab.API_VERSION, "kind", "IotLab", "metadata", Map.of("name", name),
                    "spec", Serialization.unmarshal(specYaml, Map.class));
        }
    }
}
