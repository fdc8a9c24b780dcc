package dev.iotlab.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlab.operator.customresource.Profile;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Service;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabQuotaTest {

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
    void quotaQuantitiesAreCanonicalSoReconcilesCompareEqual() {
        assertThat(LabQuota.canonical(new BigDecimal("1.25"), "cpu").toString()).isEqualTo("1250m");
        assertThat(LabQuota.canonical(new BigDecimal("3"), "cpu").toString()).isEqualTo("3");
        assertThat(LabQuota.canonical(new BigDecimal(3L * 1024 * 1024 * 1024), "memory").toString()).isEqualTo("3Gi");
        assertThat(LabQuota.canonical(new BigDecimal(1536L * 1024 * 1024), "memory").toString()).isEqualTo("1536Mi");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ClusterIP, 0, 0", "NodePort, 2, 0", "LoadBalancer, 2, 1"})
    void quotaAllowsTheNodePortsAndLoadBalancersOfTheLabsOwnServices(String type, int nodePorts, int loadBalancers) {
        // A LoadBalancer Service allocates a node port per port (allocateLoadBalancerNodePorts defaults to true):
        // with 0 allowed the API server refused the emqx Service.
        Lab lab = TestLabs.lab("student: {name: A}\naccess: {mqttServiceType: " + type + "}");
        var hard = LabQuota.resourceQuota(lab).getSpec().getHard();
        assertThat(hard.get("services.nodeports")).isEqualTo(new Quantity(String.valueOf(nodePorts)));
        assertThat(hard.get("services.loadbalancers")).isEqualTo(new Quantity(String.valueOf(loadBalancers)));
    }
}
