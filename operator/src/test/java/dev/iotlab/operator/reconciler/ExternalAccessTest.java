package dev.iotlab.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.LabHttpRoute;
import dev.iotlab.operator.model.TestLabs;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReferenceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatusBuilder;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExternalAccessTest {
    static final Lab GATEWAY_LAB = TestLabs.lab(
            "student: {name: A}\naccess: {gateway: {name: labs, namespace: gateways, host: a.example.edu}}");

    static HTTPRoute routeWithStatus(String parentName, String accepted, String resolvedRefs) {
        HTTPRoute route = new HTTPRouteBuilder(LabHttpRoute.desired(GATEWAY_LAB).get(0)).withNewStatus()
                .addToParents(new RouteParentStatusBuilder()
                        .withParentRef(new ParentReferenceBuilder().withName(parentName).withNamespace("gateways").build())
                        .withControllerName("example.com/gw")
                        .addToConditions(new ConditionBuilder().withType("Accepted").withStatus(accepted)
                                .withReason("NotAllowedByListeners").withMessage("listener https allows Same only").build())
                        .addToConditions(new ConditionBuilder().withType("ResolvedRefs").withStatus(resolvedRefs)
                                .withReason("BackendNotFound").withMessage("service api not found").build())
                        .build())
                .endStatus().build();
        return route;
    }

    @Test
    void theGatewaysVerdictOnOurParentRefBecomesTheLabsCondition() {
        ExternalAccess refused = ExternalAccess.of(GATEWAY_LAB, true,
                Optional.of(routeWithStatus("labs", "False", "True")), false).orElseThrow();
        assertThat(refused.status()).isEqualTo("False");
        assertThat(refused.reason()).isEqualTo("RouteAcceptedFalse");
        assertThat(refused.message()).contains("gateways/labs", "example.com/gw", "NotAllowedByListeners",
                "listener https allows Same only");

        ExternalAccess unresolved = ExternalAccess.of(GATEWAY_LAB, true,
                Optional.of(routeWithStatus("labs", "True", "False")), false).orElseThrow();
        assertThat(unresolved.reason()).isEqualTo("RouteResolvedRefsFalse");
        assertThat(unresolved.message()).contains("service api not found");

        assertThat(ExternalAccess.of(GATEWAY_LAB, true, Optional.of(routeWithStatus("labs", "True", "True")), false)
                .orElseThrow().status()).isEqualTo("True");
    }

    @Test
    void anotherGatewaysVerdictOrNoneIsUnknownAndMissingCrdsAreFalseAndRetried() {
        ExternalAccess other = ExternalAccess.of(GATEWAY_LAB, true,
                Optional.of(routeWithStatus("someone-else", "False", "False")), false).orElseThrow();
        assertThat(other.status()).isEqualTo("Unknown");
        assertThat(other.message()).contains("check that Gateway gateways/labs exists");

        ExternalAccess missing = ExternalAccess.of(GATEWAY_LAB, false, Optional.empty(), false).orElseThrow();
        assertThat(missing.status()).isEqualTo("False");
        assertThat(missing.reason()).isEqualTo("GatewayApiMissing");
        assertThat(missing.retry()).isTrue();

        Lab traefik = TestLabs.lab("student: {name: A}\naccess: {ingress: {host: a.example.edu, className: traefik}}");
        assertThat(ExternalAccess.of(traefik, false, Optional.empty(), false).orElseThrow().reason())
                .isEqualTo("TraefikCrdsMissing");
        assertThat(ExternalAccess.of(traefik, false, Optional.empty(), true).orElseThrow().status()).isEqualTo("True");
        Lab nginx = TestLabs.lab("student: {name: A}\naccess: {ingress: {host: a.example.edu}}");
        assertThat(ExternalAccess.of(nginx, false, Optional.empty(), false).orElseThrow().status())
                .as("nginx needs no CRD").isEqualTo("True");
        assertThat(ExternalAccess.of(TestLabs.minimal(), false, Optional.empty(), false)).isEmpty();
    }

    @Test
    void aRefusedRouteMakesAReadyLabDegradedWhileAnUnreportedOneLeavesItReady() {
        var deployments = StatusAggregatorTest.deployments(GATEWAY_LAB, 1);
        ExternalAccess refused = ExternalAccess.of(GATEWAY_LAB, true,
                Optional.of(routeWithStatus("labs", "False", "True")), false).orElseThrow();
        var degraded = StatusAggregator.running(GATEWAY_LAB, deployments, Optional.empty(), java.util.List.of(),
                Optional.of(refused), null, TestLabs.NOW);
        assertThat(degraded.getPhase()).isEqualTo(dev.iotlab.operator.customresource.Phase.Degraded);
        assertThat(degraded.getMessage()).contains("NotAllowedByListeners");
        assertThat(degraded.getConditions()).filteredOn(c -> Conditions.EXTERNAL_ACCESS.equals(c.getType()))
                .singleElement().satisfies(c -> assertThat(c.getStatus()).isEqualTo("False"));

        ExternalAccess waiting = ExternalAccess.of(GATEWAY_LAB, true, Optional.of(LabHttpRoute.desired(GATEWAY_LAB).get(0)),
                false).orElseThrow();
        var ready = StatusAggregator.running(GATEWAY_LAB, deployments, Optional.empty(), java.util.List.of(),
                Optional.of(waiting), degraded, TestLabs.NOW.plusSeconds(5));
        assertThat(ready.getPhase()).isEqualTo(dev.iotlab.operator.customresource.Phase.Ready);
        assertThat(ready.getConditions()).filteredOn(c -> Conditions.EXTERNAL_ACCESS.equals(c.getType()))
                .singleElement().satisfies(c -> assertThat(c.getStatus()).isEqualTo("Unknown"))
                .satisfies(c -> assertThat(c.getLastTransitionTime()).isEqualTo(TestLabs.NOW.plusSeconds(5).toString()));
        assertThat(ready.getEndpoint()).isEqualTo("https://a.example.edu/api");
    }
}
