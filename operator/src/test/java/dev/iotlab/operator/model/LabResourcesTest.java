package dev.iotlab.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotlab.operator.customresource.Profile;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabResourcesTest {

    @Test
    void minimalLabGetsEveryObjectInItsOwnNamespace() {
        Lab lab = TestLabs.minimal();
        List<HasMetadata> all = LabResources.all(lab);
        assertThat(lab.namespace()).isEqualTo("iotlab-alice");
        assertThat(all.get(0)).isInstanceOf(Namespace.class);
        assertThat(all.stream().skip(1)).allMatch(o -> "iotlab-alice".equals(o.getMetadata().getNamespace()));
        assertThat(all).filteredOn(Deployment.class::isInstance).extracting(o -> o.getMetadata().getName())
                .containsExactly("emqx", "influxdb", "node-red", "grafana", "api", "simulator");
        assertThat(all).extracting(HasMetadata::getKind).contains("ResourceQuota", "LimitRange", "NetworkPolicy",
                "ServiceAccount", "Role", "RoleBinding", "PersistentVolumeClaim", "ConfigMap", "Service");
        assertThat(all).noneMatch(Ingress.class::isInstance);
        assertThat(all).as("the random Secret is made by its own creator-only dependent")
                .noneMatch(Secret.class::isInstance);
        assertThat(all).allMatch(o -> Labels.MANAGED_BY_VALUE.equals(o.getMetadata().getLabels().get(Labels.MANAGED_BY)));
        assertThat(all).allMatch(o -> "alice".equals(o.getMetadata().getLabels().get(Labels.LAB)));
    }

    @Test
    void namespaceIsLabelledAndEnforcesRestricted() {
        Namespace ns = LabNamespace.desired(TestLabs.lab("student: {name: Alice Example}\ncourse: iot101"));
        assertThat(ns.getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
                .containsEntry(Labels.STUDENT, "alice-example")
                .containsEntry(Labels.COURSE, "iot101")
                .containsEntry(Labels.LAB, "alice");
    }

    @Test
    void studentLabelIsAValidLabelValueWhateverTheName() {
        Lab lab = TestLabs.lab("student: {name: \"Zoë O'Brien-Łukasiewicz the Third, of a very long line of names that goes on\"}");
        assertThat(lab.studentLabel()).matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$").hasSizeLessThanOrEqualTo(63);
    }

    @Test
    void quotaCoversEveryComponentPlusTheLargestRollingAndAStudentPodInBothProfiles() {
        for (Profile profile : Profile.values()) {
            Lab lab = TestLabs.lab("student: {name: A}\nprofile: " + profile.name().toLowerCase());
            assertQuotaCoversEveryComponentAndTheLargestTwice(lab);
        }
        // An override makes a component the largest: the quota grows with it, so it can still roll.
        assertQuotaCoversEveryComponentAndTheLargestTwice(TestLabs.lab(
                "student: {name: A}\ncomponents: {simulator: {resources: {limits: {memory: 3Gi, cpu: 3}}}}"));
    }

    private static void assertQuotaCoversEveryComponentAndTheLargestTwice(Lab lab) {
        ResourceQuota quota = LabQuota.resourceQuota(lab);
        for (String kind : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                BigDecimal sum = BigDecimal.ZERO;
                BigDecimal largest = BigDecimal.ZERO;
                for (Component c : Components.ALL) {
                    var r = c.resources(lab);
                    BigDecimal v = ("requests".equals(kind) ? r.getRequests() : r.getLimits()).get(resource).getNumericalAmount();
                    sum = sum.add(v);
                    largest = largest.max(v);
                }
                assertThat(quota.getSpec().getHard().get(kind + "." + resource).getNumericalAmount())
                        .as(kind + "." + resource).isGreaterThanOrEqualTo(sum.add(largest));
            }
        }
        var max = LabQuota.limitRange(lab).getSpec().getLimits().get(0).getMax();
        for (Component c : Components.ALL) {
            assertThat(c.resources(lab).getLimits().get("memory").getNumericalAmount())
                    .isLessThanOrEqualTo(max.get("memory").getNumericalAmount());
        }
        assertThat(quota.getSpec().getHard().get("services.loadbalancers")).isEqualTo(new Quantity("0"));
    }

    @Test
    void aResourcesOverrideIsLaidOverTheProfileKeyByKey() {
        Lab lab = TestLabs.lab("student: {name: A}\ncomponents: {api: {resources: {requests: {memory: 1Gi}}}}");
        var r = Components.API.resources(lab);
        assertThat(r.getRequests().get("memory")).isEqualTo(new Quantity("1Gi"));
        assertThat(r.getLimits().get("memory")).as("raised with the request").isEqualTo(new Quantity("1Gi"));
        assertThat(r.getRequests()).containsKey("cpu");
        assertThat(r.getLimits()).containsKey("cpu");
    }

    @Test
    void quotaQuantitiesAreCanonicalSoReconcilesCompareEqual() {
        assertThat(LabQuota.canonical(new BigDecimal("1.25"), "cpu").toString()).isEqualTo("1250m");
        assertThat(LabQuota.canonical(new BigDecimal("3"), "cpu").toString()).isEqualTo("3");
        assertThat(LabQuota.canonical(new BigDecimal(3L * 1024 * 1024 * 1024), "memory").toString()).isEqualTo("3Gi");
        assertThat(LabQuota.canonical(new BigDecimal(1536L * 1024 * 1024), "memory").toString()).isEqualTo("1536Mi");
    }

    @Test
    void networkPolicyAdmitsOnlyTheLabTheIngressControllerAndExposedMqtt() {
        NetworkPolicy closed = LabNetworkPolicy.desired(TestLabs.minimal());
        assertThat(closed.getSpec().getIngress()).hasSize(1);
        var peers = closed.getSpec().getIngress().get(0).getFrom();
        assertThat(peers.get(0).getPodSelector()).isNotNull();
        assertThat(peers.get(0).getNamespaceSelector()).as("same namespace only").isNull();
        assertThat(peers.subList(1, peers.size())).allMatch(p -> p.getNamespaceSelector().getMatchLabels()
                .get("kubernetes.io/metadata.name") != null);

        NetworkPolicy open = LabNetworkPolicy.desired(TestLabs.lab("student: {name: A}\naccess: {mqttServiceType: LoadBalancer}"));
        assertThat(open.getSpec().getIngress()).hasSize(2);
        assertThat(open.getSpec().getIngress().get(1).getPorts()).extracting(p -> p.getPort().getIntVal())
                .containsExactly(1883, 8083);
    }

    @Test
    void mqttServiceTypeFollowsTheSpecAndTheDashboardStaysInside() {
        Lab lab = TestLabs.lab("student: {name: A}\naccess: {mqttServiceType: NodePort}");
        List<Service> services = Components.EMQX.services(lab);
        assertThat(services).extracting(s -> s.getSpec().getType()).containsExactly("NodePort", "ClusterIP");
        assertThat(LabQuota.resourceQuota(lab).getSpec().getHard().get("services.nodeports")).isEqualTo(new Quantity("2"));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource({"ClusterIP, 0, 0", "NodePort, 2, 0", "LoadBalancer, 2, 1"})
    void quotaAllowsTheNodePortsAndLoadBalancersOfTheLabsOwnServices(String type, int nodePorts, int loadBalancers) {
        // A LoadBalancer Service allocates a node port per port (allocateLoadBalancerNodePorts defaults to true):
        // with 0 allowed the API server refused the emqx Service.
        Lab lab = TestLabs.lab("student: {name: A}\naccess: {mqttServiceType: " + type + "}");
        var hard = LabQuota.resourceQuota(lab).getSpec().getHard();
        assertThat(hard.get("services.nodeports")).isEqualTo(new Quantity(String.valueOf(nodePorts)));
        assertThat(hard.get("services.loadbalancers")).isEqualTo(new Quantity(String.valueOf(loadBalancers)));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} -> {1}s")
    @org.junit.jupiter.params.provider.CsvSource({"1h, 3600", "59m, 3540", "45m, 2700", "59m60s, 3600", "30d, 2592000",
            "2w, 1209600", "1h30m, 5400", "3599s999ms, 3599", "3600000ms, 3600", "12h, 43200"})
    void retentionIsCountedInSecondsAsTheCrdRuleCountsIt(String retention, long seconds) {
        assertThat(dev.iotlab.operator.customresource.InfluxDbSpec.retentionSeconds(retention)).isEqualTo(seconds);
    }

    @Test
    void aRetentionShorterThanAnHourIsRefusedWithTheMinimum() {
        assertThatThrownBy(() -> LabChecks.validate(TestLabs.lab("student: {name: A}\ncomponents: {influxdb: {retention: 45m}}")))
                .hasMessageContaining("spec.components.influxdb.retention \"45m\" is too short")
                .hasMessageContaining("at least 1h");
        for (String ok : List.of("1h", "0", "infinite", "30d")) {
            LabChecks.validate(TestLabs.lab("student: {name: A}\ncomponents: {influxdb: {retention: " + ok + "}}"));
        }
    }

    @Test
    void emqxKeepsItsDataOnAVolumeThatSuspendKeeps() {
        Lab lab = TestLabs.minimal();
        EmqxComponent emqx = Components.EMQX;
        assertThat(emqx.volumeClaims(lab)).extracting(c -> c.getMetadata().getName()).containsExactly("emqx-data");
        var data = emqx.deployment(lab).getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("data")).findFirst().orElseThrow();
        assertThat(data.getPersistentVolumeClaim().getClaimName()).isEqualTo("emqx-data");
        assertThat(data.getEmptyDir()).isNull();
        Lab suspended = TestLabs.lab("student: {name: A}\nsuspend: true");
        assertThat(LabResources.all(suspended)).anyMatch(o -> o.getMetadata().getName().equals("emqx-data"));
        assertThat(emqx.volumeClaims(TestLabs.lab("student: {name: A}\ncomponents: {emqx: {storage: 2Gi}}")).get(0)
                .getSpec().getResources().getRequests().get("storage")).isEqualTo(new Quantity("2Gi"));
    }

    @Test
    void influxDbIsSetUpWithTheSpecsOrgBucketAndRetention() {
        Lab lab = TestLabs.lab("student: {name: A}\ncomponents: {influxdb: {org: school, bucket: readings, retention: 7d, storage: 3Gi}}");
        InfluxDbComponent influx = Components.INFLUXDB;
        var env = ComponentTest.container(influx.deployment(lab)).getEnv();
        assertThat(env).anyMatch(e -> e.getName().equals("DOCKER_INFLUXDB_INIT_ORG") && e.getValue().equals("school"));
        assertThat(env).anyMatch(e -> e.getName().equals("DOCKER_INFLUXDB_INIT_BUCKET") && e.getValue().equals("readings"));
        assertThat(env).anyMatch(e -> e.getName().equals("DOCKER_INFLUXDB_INIT_RETENTION") && e.getValue().equals("7d"));
        assertThat(influx.volumeClaims(lab).get(0).getSpec().getResources().getRequests().get("storage"))
                .isEqualTo(new Quantity("3Gi"));
        var apiEnv = ComponentTest.container(Components.API.deployment(lab)).getEnv();
        assertThat(apiEnv).anyMatch(e -> e.getName().equals("INFLUXDB_ORG") && e.getValue().equals("school"));
        assertThat(apiEnv).anyMatch(e -> e.getName().equals("INFLUXDB_URL")
                && e.getValue().equals("http://influxdb.iotlab-alice.svc:8086"));
    }

    @Test
    void simulatorRunsTheChosenScenarioAtTheChosenInterval() {
        Lab lab = TestLabs.lab("student: {name: A}\ncomponents: {simulator: {scenario: smart-home, intervalSeconds: 2, seed: 7}}");
        SimulatorComponent sim = Components.SIMULATOR;
        ConfigMap scenario = sim.configMaps(lab).get(0);
        assertThat(scenario.getData().get("scenario.yaml")).isEqualTo(BundledContent.directory("scenarios").get("smart-home.yaml"));
        var env = ComponentTest.container(sim.deployment(lab)).getEnv();
        assertThat(env).anyMatch(e -> e.getName().equals("SIMULATOR_INTERVAL_SECONDS") && e.getValue().equals("2"));
        assertThat(env).anyMatch(e -> e.getName().equals("SIMULATOR_SEED") && e.getValue().equals("7"));
    }

    @Test
    void changedConfigurationRollsThePod() {
        SimulatorComponent sim = Components.SIMULATOR;
        String a = sim.deployment(TestLabs.minimal()).getSpec().getTemplate().getMetadata().getAnnotations()
                .get(Component.CONFIG_HASH);
        String b = sim.deployment(TestLabs.lab("student: {name: A}\ncomponents: {simulator: {scenario: smart-home}}"))
                .getSpec().getTemplate().getMetadata().getAnnotations().get(Component.CONFIG_HASH);
        assertThat(a).isNotBlank().isNotEqualTo(b);
    }

    @Test
    void sameSpecRendersTheSameObjects() {
        assertThat(LabResources.all(TestLabs.minimal())).isEqualTo(LabResources.all(TestLabs.minimal()));
    }

    @Test
    void operatorOnlyChecksNameTheFieldAndWhatIsAllowed() {
        assertThatThrownBy(() -> LabChecks.validate(TestLabs.lab("student: {name: A}\ncomponents: {simulator: {scenario: mansion}}")))
                .isInstanceOf(InvalidLabException.class)
                .hasMessageContaining("spec.components.simulator.scenario")
                .hasMessageContaining("default").hasMessageContaining("smart-home");
        assertThatThrownBy(() -> LabChecks.validate(new Lab(TestLabs.resource(
                "a-very-long-lab-name-that-makes-the-namespace-longer-than-sixty-three", "student: {name: A}"),
                OperatorSettings.defaults(), TestLabs.NOW)))
                .hasMessageContaining("metadata.name").hasMessageContaining("63");
        assertThat(LabChecks.warnings(TestLabs.lab("student: {name: A}\ncomponents: {emqx: {enabled: false}}")))
                .anyMatch(w -> w.startsWith("api needs the MQTT broker"))
                .anyMatch(w -> w.startsWith("simulator needs the MQTT broker"));
        assertThat(LabChecks.warnings(TestLabs.minimal())).isEmpty();
    }

    @Test
    void credentialsAreRandomAndDistinct() {
        Secret a = CredentialsSecret.generate(TestLabs.minimal());
        Secret b = CredentialsSecret.generate(TestLabs.minimal());
        assertThat(a.getStringData().get(CredentialsSecret.API_TOKEN)).hasSize(32)
                .isNotEqualTo(b.getStringData().get(CredentialsSecret.API_TOKEN));
        assertThat(a.getStringData().get(CredentialsSecret.MQTT_PASSWORD))
                .isNotEqualTo(a.getStringData().get(CredentialsSecret.MQTT_SERVICE_PASSWORD))
                .doesNotContain("admin", "public", "password");
        assertThat(a.getStringData().get(CredentialsSecret.EMQX_BOOTSTRAP_USERS))
                .startsWith("user_id,password,is_superuser\n")
                .contains("student," + a.getStringData().get(CredentialsSecret.MQTT_PASSWORD) + ",false");
    }
}
