package dev.iotlab.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.iotlab.operator.controlplane.ControlPlane;
import dev.iotlab.operator.controlplane.ControlPlaneTest;
import dev.iotlab.operator.customresource.ComponentStatus;
import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.customresource.Phase;
import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.LabResources;
import dev.iotlab.operator.model.OperatorSettings;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reconcile loop against a real kube-apiserver and kube-controller-manager, with the operator configured as in
 * production (server-side apply). No kubelet runs here: {@link #markPodsReady} plays its part by setting the Pods'
 * Ready condition, from which the controllers compute the Deployments' readiness as in a real cluster.
 */
@ControlPlaneTest
class ReconcileLoopTest {
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static ControlPlane controlPlane;
    static KubernetesClient admin;
    static OperatorHarness operator;

    @BeforeAll
    static void startOperator() throws Exception {
        controlPlane = ControlPlane.shared();
        admin = controlPlane.adminClient();
        OperatorHarness.installCrd(admin);
        operator = OperatorHarness.start(controlPlane);
    }

    @AfterAll
    static void stopOperator() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void createsEveryObjectOfTheLabAndReportsItReadyOncePodsAre() {
        IotLab lab = apply("rl-create", "student: {name: Alice Example, email: alice@example.edu}\ncourse: iot101");
        String ns = "iotlab-rl-create";
        Lab model = new Lab(lab, OperatorSettings.defaults(), Instant.now());
        await().atMost(PATIENCE).untilAsserted(() -> {
            for (HasMetadata expected : LabResources.all(model)) {
                assertThat(admin.resource(expected).get()).as(expected.getKind() + " " + expected.getMetadata().getName())
                        .isNotNull();
            }
            assertThat(admin.secrets().inNamespace(ns).withName("lab-credentials").get()).isNotNull();
        });
        IotLab provisioning = await().atMost(PATIENCE).until(() -> get("rl-create"),
                l -> l.getStatus() != null && l.getStatus().getPhase() == Phase.Provisioning);
        assertThat(provisioning.getStatus().getNamespace()).isEqualTo(ns);
        assertThat(provisioning.getStatus().getCredentialsSecret()).isEqualTo("lab-credentials");
        assertThat(provisioning.getStatus().getEndpoint()).isEqualTo("mqtt://emqx." + ns + ".svc:1883");
        assertThat(provisioning.getStatus().getConditions()).allMatch(c -> c.getObservedGeneration() == 1L);

        // The namespace enforces "restricted"; the controller-manager's Pods for all six components were admitted.
        assertThat(admin.namespaces().withName(ns).get().getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(admin.pods().inNamespace(ns).list().getItems())
                .extracting(p -> p.getMetadata().getLabels().get("app.kubernetes.io/component"))
                .containsExactlyInAnyOrder("emqx", "influxdb", "node-red", "grafana", "api", "simulator"));
        assertThat(admin.v1().events().inNamespace(ns).list().getItems())
                .noneMatch(e -> "FailedCreate".equals(e.getReason()));
        markPodsReady(ns);
        IotLab ready = await().atMost(PATIENCE).until(() -> get("rl-create"),
                l -> l.getStatus() != null && l.getStatus().getPhase() == Phase.Ready);
        assertThat(ready.getStatus().getComponents()).allMatch(ComponentStatus::isReady);
        assertThat(condition(ready, Conditions.READY)).map(Condition::getStatus).contains("True");
        assertThat(ready.getStatus().getEndpoints()).extracting(e -> e.getName())
                .contains("mqtt", "mqtt-websocket", "api", "grafana", "node-red", "influxdb", "emqx-dashboard");
        assertThat(admin.namespaces().withName(ns).get().getMetadata().getLabels())
                .containsEntry("iotlab.dev/course", "iot101").containsEntry("iotlab.dev/student", "alice-example");
    }

    @Test
    void credentialsAreCreatedOnceAndSurviveUpdatesAndAnOperatorRestart() {
        apply("rl-creds", "student: {name: Bob}");
        String ns = "iotlab-rl-creds";
        Secret first = await().atMost(PATIENCE).until(() -> admin.secrets().inNamespace(ns).withName("lab-credentials").get(),
                s -> s != null);
        for (int interval = 1; interval <= 5; interval++) {
            int i = interval;
            apply("rl-creds", "student: {name: Bob}\ncomponents: {simulator: {intervalSeconds: " + i + "}}");
            await().atMost(PATIENCE).until(() -> env(ns, "simulator", "SIMULATOR_INTERVAL_SECONDS"),
                    v -> String.valueOf(i).equals(v));
        }
        operator.close();
        operator = OperatorHarness.start(controlPlane);
        apply("rl-creds", "student: {name: Bob}\ncomponents: {simulator: {intervalSeconds: 9}}");
        await().atMost(PATIENCE).until(() -> env(ns, "simulator", "SIMULATOR_INTERVAL_SECONDS"), "9"::equals);
        Secret after = admin.secrets().inNamespace(ns).withName("lab-credentials").get();
        assertThat(after.getData()).isEqualTo(first.getData());
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(first.getMetadata().getResourceVersion());
    }

    @Test
    void aDeletedCredentialsSecretIsMadeAgainAndTheLabSaysInfluxDbKeepsTheOldToken() {
        // An operator whose drift window is 1 s instead of 30 s, so the test need not wait half a minute.
        operator.close();
        var config = OperatorHarness.testConfig();
        config.setCredentialsDriftWindow(Duration.ofSeconds(1));
        operator = OperatorHarness.start(controlPlane, config);
        try {
            apply("rl-secret", "student: {name: Max}");
            String ns = "iotlab-rl-secret";
            markPodsReadyEventually(ns, 6);
            await().atMost(PATIENCE).until(() -> get("rl-secret").getStatus().getPhase(), Phase.Ready::equals);
            Secret first = admin.secrets().inNamespace(ns).withName("lab-credentials").get();
            // Later than the reconcile that set the lab up (past the window, in whole seconds), an instructor deletes it.
            Instant influxSetUp = Instant.parse(admin.persistentVolumeClaims().inNamespace(ns).withName("influxdb-data")
                    .get().getMetadata().getCreationTimestamp());
            await().atMost(PATIENCE).until(() -> Instant.now().isAfter(influxSetUp.plusSeconds(2)));
            admin.secrets().inNamespace(ns).withName("lab-credentials").delete();
            Secret again = await().atMost(PATIENCE).until(() -> admin.secrets().inNamespace(ns).withName("lab-credentials").get(),
                    s -> s != null && !s.getMetadata().getUid().equals(first.getMetadata().getUid()));
            assertThat(again.getData().get("influxdb-token")).isNotEqualTo(first.getData().get("influxdb-token"));
            IotLab degraded = await().atMost(PATIENCE).until(() -> get("rl-secret"),
                    l -> l.getStatus().getPhase() == Phase.Degraded);
            assertThat(degraded.getStatus().getMessage()).contains("lab-credentials was generated again")
                    .contains("delete PVC influxdb-data");
        } finally {
            operator.close();
            operator = OperatorHarness.start(controlPlane); // the other tests run with the production window
        }
    }

    @Test
    void restoresDeletedAndEditedChildren() {
        apply("rl-drift", "student: {name: Carol}");
        String ns = "iotlab-rl-drift";
        await().atMost(PATIENCE).until(() -> admin.services().inNamespace(ns).withName("api").get() != null);
        admin.services().inNamespace(ns).withName("api").delete();
        // Someone edits what the operator manages (retried: the controllers update the Deployment concurrently).
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> admin.apps().deployments().inNamespace(ns)
                .withName("grafana").edit(d -> {
                    d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("grafana/grafana:9.0.0");
                    return d;
                }));
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> admin.configMaps().inNamespace(ns)
                .withName("emqx-config").edit(c -> {
                    c.getData().put("emqx.conf", "tampered");
                    return c;
                }));
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(admin.services().inNamespace(ns).withName("api").get()).isNotNull();
            assertThat(admin.apps().deployments().inNamespace(ns).withName("grafana").get().getSpec().getTemplate()
                    .getSpec().getContainers().get(0).getImage()).isEqualTo(dev.iotlab.operator.model.Components.GRAFANA.defaultImage());
            assertThat(admin.configMaps().inNamespace(ns).withName("emqx-config").get().getData().get("emqx.conf"))
                    .isNotEqualTo("tampered");
        });
    }

    @Test
    void suspendScalesToZeroKeepsDataAndResumes() {
        apply("rl-suspend", "student: {name: Dan}");
        String ns = "iotlab-rl-suspend";
        await().atMost(PATIENCE).until(() -> replicas(ns, "influxdb"), Optional.of(1)::equals);
        String claimUid = admin.persistentVolumeClaims().inNamespace(ns).withName("influxdb-data").get().getMetadata().getUid();

        apply("rl-suspend", "student: {name: Dan}\nsuspend: true");
        await().atMost(PATIENCE).untilAsserted(() -> {
            for (String d : List.of("emqx", "influxdb", "node-red", "grafana", "api", "simulator")) {
                assertThat(replicas(ns, d)).as(d).contains(0);
            }
            assertThat(get("rl-suspend").getStatus().getPhase()).isEqualTo(Phase.Suspended);
        });
        assertThat(admin.persistentVolumeClaims().inNamespace(ns).withName("influxdb-data").get().getMetadata().getUid())
                .isEqualTo(claimUid);

        apply("rl-suspend", "student: {name: Dan}\nsuspend: false");
        await().atMost(PATIENCE).until(() -> replicas(ns, "influxdb"), Optional.of(1)::equals);
    }

    @Test
    void aNodePortBrokerReportsItsNodePortAsTheExternalMqttEndpoint() {
        apply("rl-nodeport", "student: {name: Lou}\naccess: {mqttServiceType: NodePort}");
        String ns = "iotlab-rl-nodeport";
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            Integer nodePort = admin.services().inNamespace(ns).withName("emqx").get().getSpec().getPorts().stream()
                    .filter(p -> "mqtt".equals(p.getName())).findFirst().orElseThrow().getNodePort();
            assertThat(get("rl-nodeport").getStatus().getEndpoints()).filteredOn(e -> e.getName().equals("mqtt"))
                    .singleElement().satisfies(e -> assertThat(e.getExternal()).isEqualTo("mqtt://<address of any cluster node>:" + nodePort));
        });
    }

    @Test
    void expiredLabIsSuspendedWithPhaseExpired() {
        apply("rl-expired", "student: {name: Eve}\nexpiresAt: \"2020-01-01T00:00:00Z\"");
        await().atMost(PATIENCE).untilAsserted(() -> {
            IotLab lab = get("rl-expired");
            assertThat(lab.getStatus().getPhase()).isEqualTo(Phase.Expired);
            assertThat(lab.getStatus().getMessage()).contains("spec.expiresAt");
            assertThat(replicas("iotlab-rl-expired", "api")).contains(0);
        });
    }

    @Test
    void disablingAComponentRemovesItsObjectsButKeepsItsData() {
        apply("rl-disable", "student: {name: Fay}");
        String ns = "iotlab-rl-disable";
        await().atMost(PATIENCE).until(() -> admin.apps().deployments().inNamespace(ns).withName("node-red").get() != null);
        apply("rl-disable", "student: {name: Fay}\ncomponents: {nodeRed: {enabled: false}}");
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(admin.apps().deployments().inNamespace(ns).withName("node-red").get()).isNull();
            assertThat(admin.services().inNamespace(ns).withName("node-red").get()).isNull();
            IotLab lab = get("rl-disable");
            assertThat(lab.getStatus().getComponents()).filteredOn(c -> c.getName().equals("node-red"))
                    .singleElement().satisfies(c -> assertThat(c.isEnabled()).isFalse());
            assertThat(lab.getStatus().getEndpoints()).noneMatch(e -> e.getName().startsWith("node-red"));
        });
        assertThat(admin.persistentVolumeClaims().inNamespace(ns).withName("node-red-data").get()).isNotNull();
    }

    @Test
    void deletingTheLabRemovesItsNamespaceAndEverythingInIt() {
        apply("rl-delete", "student: {name: Gus}\naccess: {ingress: {host: gus.labs.example.edu}}");
        String ns = "iotlab-rl-delete";
        // lab, lab-rewrite and one redirect per bare UI path (grafana, node-red, emqx): ingress-nginx's recipe
        await().atMost(PATIENCE).until(() -> admin.network().v1().ingresses().inNamespace(ns).list().getItems().size() == 5);
        admin.resources(IotLab.class).withName("rl-delete").delete();
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            assertThat(admin.namespaces().withName(ns).get()).isNull();
            assertThat(admin.namespaces().withLabel("iotlab.dev/lab", "rl-delete").list().getItems()).isEmpty();
        });
    }

    @Test
    void aNamespaceThatIsNotTheLabsIsNeverTakenOver() {
        admin.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName("iotlab-rl-taken").endMetadata().build()).create();
        apply("rl-taken", "student: {name: Hal}");
        IotLab failed = await().atMost(PATIENCE).until(() -> get("rl-taken"),
                l -> l.getStatus() != null && l.getStatus().getPhase() == Phase.Failed);
        assertThat(failed.getStatus().getMessage()).contains("iotlab-rl-taken").contains("already exists")
                .contains("spec.namespace");
        assertThat(admin.secrets().inNamespace("iotlab-rl-taken").withName("lab-credentials").get()).isNull();
    }

    @Test
    void aSpecOnlyTheOperatorCanRefuseEndsFailedWithWhatToFix() {
        apply("rl-scenario", "student: {name: Ida}\ncomponents: {simulator: {scenario: mansion}}");
        IotLab failed = await().atMost(PATIENCE).until(() -> get("rl-scenario"),
                l -> l.getStatus() != null && l.getStatus().getPhase() == Phase.Failed);
        assertThat(failed.getStatus().getMessage()).contains("spec.components.simulator.scenario", "smart-home");
        assertThat(condition(failed, Conditions.SPEC_VALID)).map(Condition::getReason).contains("InvalidSpec");

        apply("rl-scenario", "student: {name: Ida}\ncomponents: {simulator: {scenario: smart-home}}");
        await().atMost(PATIENCE).until(() -> get("rl-scenario").getStatus().getPhase(), Phase.Provisioning::equals);
    }

    @Test
    void aDisabledDependencyIsReportedAsDegradedWithTheFix() {
        apply("rl-nobroker", "student: {name: Jo}\ncomponents: {emqx: {enabled: false}, simulator: {enabled: false}, nodeRed: {enabled: false}}");
        markPodsReadyEventually("iotlab-rl-nobroker", 3);
        IotLab degraded = await().atMost(PATIENCE).until(() -> get("rl-nobroker"),
                l -> l.getStatus() != null && l.getStatus().getPhase() == Phase.Degraded);
        assertThat(degraded.getStatus().getMessage()).contains("api needs the MQTT broker: enable spec.components.emqx");
    }

    @Test
    void anMqttLoadBalancerIsAdmittedUnderTheLabsQuotaWithItsNodePorts() {
        // The API server counts a node port per port of a LoadBalancer Service; a quota of 0 refused the emqx
        // Service and the lab had no Services at all.
        apply("rl-lb", "student: {name: Lee}\naccess: {mqttServiceType: LoadBalancer}");
        String ns = "iotlab-rl-lb";
        var emqx = await().atMost(PATIENCE).until(() -> admin.services().inNamespace(ns).withName("emqx").get(),
                java.util.Objects::nonNull);
        assertThat(emqx.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(emqx.getSpec().getPorts()).allMatch(p -> p.getNodePort() != null);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(admin.services().inNamespace(ns).list().getItems())
                .extracting(s -> s.getMetadata().getName()).contains("emqx", "emqx-dashboard", "api", "influxdb"));
        IotLab lab = await().atMost(PATIENCE).until(() -> get("rl-lb"),
                l -> l.getStatus() != null && l.getStatus().getPhase() == Phase.Provisioning);
        assertThat(lab.getStatus().getMessage()).doesNotContain("exceeded quota");
        assertThat(lab.getStatus().getEndpoints()).filteredOn(e -> e.getName().equals("mqtt")).singleElement()
                .satisfies(e -> assertThat(e.getExternal()).isEqualTo("mqtt://<external address of Service " + ns + "/emqx>:1883"));
    }

    @Test
    void kubectlDescribeTellsTheLabsStoryInEvents() {
        String bad = "student: {name: Eve}\ncomponents: {simulator: {scenario: mansion}}";
        String good = "student: {name: Eve}";
        apply("rl-events", bad);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(events("rl-events"))
                .anyMatch(e -> "SpecRefused".equals(e.getReason()) && "Warning".equals(e.getType())
                        && e.getMessage().contains("spec.components.simulator.scenario")));
        apply("rl-events", good);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(events("rl-events"))
                .anyMatch(e -> "LabProvisioning".equals(e.getReason())));
        apply("rl-events", bad);
        // The same refusal again is the same Event, counted twice (deduplicated, as kubectl shows "x2").
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(events("rl-events"))
                .filteredOn(e -> "SpecRefused".equals(e.getReason())).singleElement()
                .satisfies(e -> assertThat(e.getCount()).isEqualTo(2)));
        apply("rl-events", good);
        String ns = "iotlab-rl-events";
        markPodsReadyEventually(ns, 6);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(events("rl-events"))
                .anyMatch(e -> "LabReady".equals(e.getReason()) && "Normal".equals(e.getType())));
        // A repair of something changed outside the operator is told too.
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> admin.apps().deployments().inNamespace(ns)
                .withName("grafana").edit(d -> {
                    d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("grafana/grafana:9.0.0");
                    return d;
                }));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(events("rl-events"))
                .anyMatch(e -> "Repaired".equals(e.getReason()) && e.getMessage().contains("Deployment grafana")));
        // Never a secret value.
        Secret credentials = admin.secrets().inNamespace(ns).withName("lab-credentials").get();
        for (var event : events("rl-events")) {
            assertThat(event.getReason()).matches("[A-Z][A-Za-z]+");
            assertThat(event.getInvolvedObject().getUid()).isEqualTo(get("rl-events").getMetadata().getUid());
            credentials.getData().values().stream()
                    .map(v -> new String(java.util.Base64.getDecoder().decode(v), java.nio.charset.StandardCharsets.UTF_8))
                    .filter(v -> v.length() >= 8)
                    .forEach(v -> assertThat(event.getMessage()).doesNotContain(v));
        }
    }

    /** The Events `kubectl describe iotlab <name>` shows: selected by the involved object, in every namespace. */
    static List<io.fabric8.kubernetes.api.model.Event> events(String lab) {
        return admin.v1().events().inAnyNamespace().withField("involvedObject.kind", "IotLab")
                .withField("involvedObject.name", lab).list().getItems();
    }

    @Test
    void aRestartedOperatorMakesNoWriteRequestsForLabsThatAreUpToDate() {
        apply("rl-noop", "student: {name: Kim}\naccess: {ingress: {host: kim.labs.example.edu}}");
        String ns = "iotlab-rl-noop";
        markPodsReadyEventually(ns, 6);
        await().atMost(PATIENCE).until(() -> get("rl-noop").getStatus().getPhase(), Phase.Ready::equals);

        Map<String, Integer> eventsBefore = eventCounts("rl-noop");
        operator.close();
        long labs = admin.resources(IotLab.class).list().getItems().stream()
                .filter(l -> l.getMetadata().getDeletionTimestamp() == null).count();
        operator = OperatorHarness.start(controlPlane);
        // The restarted operator reconciles every lab once at start: wait until it has (its own reconcile count, not
        // a time), and until the status patches that follow a reconcile would have been sent.
        operator.awaitResynced(labs, Duration.ofSeconds(2), PATIENCE);
        // Only this lab's requests: other labs of this class may still be moving (a repair, a phase change) while the
        // operator restarts. Its objects live in its namespace, its status under its name, its Events are counted.
        assertThat(operator.writeLog()).as("write requests of a no-op resync")
                .filteredOn(w -> w.matches(".*/namespaces/" + ns + "(/.*)?") || w.matches(".*/iotlabs/rl-noop(/.*)?")).isEmpty();
        assertThat(eventCounts("rl-noop")).as("this lab's Events after the restart").isEqualTo(eventsBefore);
    }

    static Map<String, Integer> eventCounts(String lab) {
        return events(lab).stream().collect(Collectors.toMap(e -> e.getMetadata().getName(),
                e -> e.getCount() == null ? 1 : e.getCount()));
    }

    // --- helpers ---

    static IotLab apply(String name, String spec) {
        return OperatorHarness.applyLab(admin, name, spec);
    }

    static IotLab get(String name) {
        return admin.resources(IotLab.class).withName(name).get();
    }

    static Optional<Condition> condition(IotLab lab, String type) {
        return lab.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    static Optional<Integer> replicas(String ns, String deployment) {
        Deployment d = admin.apps().deployments().inNamespace(ns).withName(deployment).get();
        return d == null ? Optional.empty() : Optional.ofNullable(d.getSpec().getReplicas());
    }

    static String env(String ns, String deployment, String name) {
        Deployment d = admin.apps().deployments().inNamespace(ns).withName(deployment).get();
        if (d == null) {
            return null;
        }
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> name.equals(e.getName())).map(e -> e.getValue()).findFirst().orElse(null);
    }

    /** Stands in for the kubelet: every Pod of the namespace becomes Running and Ready. */
    static void markPodsReady(String ns) {
        OperatorHarness.markPodsReady(admin, ns, 6);
    }

    static void markPodsReadyEventually(String ns, int expectedPods) {
        OperatorHarness.markPodsReady(admin, ns, expectedPods);
    }

}
