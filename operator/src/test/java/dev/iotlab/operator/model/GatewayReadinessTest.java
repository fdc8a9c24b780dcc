package dev.iotlab.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlab.operator.customresource.GatewayScheme;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayReadinessTest {
    static final GatewayRef REF = new GatewayRef("labs", "gateways", null, "alice.labs.example.edu", GatewayScheme.HTTPS);
    static final Map<String, String> LAB_NS = Labels.forLab(TestLabs.minimal());

    static GatewayBuilder gateway(String programmed, ListenerBuilder... listeners) {
        GatewayBuilder b = new GatewayBuilder().withNewMetadata().withName("labs").withNamespace("gateways").endMetadata()
                .withNewSpec().withGatewayClassName("eg").endSpec();
        for (ListenerBuilder l : listeners) {
            b.editSpec().addToListeners(l.build()).endSpec();
        }
        if (programmed != null) {
            b.withNewStatus().addToConditions(new ConditionBuilder().withType("Programmed").withStatus(programmed)
                    .withReason(programmed.equals("True") ? "Programmed" : "AddressNotAssigned")
                    .withMessage("no address yet").build()).endStatus();
        }
        return b;
    }

    static ListenerBuilder https(String from) {
        ListenerBuilder l = new ListenerBuilder().withName("https").withProtocol("HTTPS").withPort(443)
                .withHostname("*.labs.example.edu");
        if (from != null) {
            l.withNewAllowedRoutes().withNewNamespaces().withFrom(from).endNamespaces().endAllowedRoutes();
        }
        return l;
    }

    @Test
    void aProgrammedGatewayWhoseListenerAllowsEveryNamespaceTakesTheRoute() {
        assertThat(GatewayReadiness.problems(gateway("True", https("All")).build(), REF, LAB_NS)).isEmpty();
    }

    @Test
    void theDefaultSameNamespaceListenerIsTheUsualRefusalAndSaysWhatToSet() {
        Gateway g = gateway("True", https(null)).build();
        assertThat(GatewayReadiness.problems(g, REF, LAB_NS)).singleElement().asString()
                .contains("listener https allows routes only from its own namespace", "from: All",
                        "app.kubernetes.io/managed-by: iotlab-operator");
    }

    @Test
    void aSelectorOnTheLabelsEveryLabNamespaceCarriesIsAccepted() {
        ListenerBuilder selected = https("Selector");
        selected.editAllowedRoutes().editNamespaces().withNewSelector()
                .addToMatchLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).endSelector().endNamespaces().endAllowedRoutes();
        assertThat(GatewayReadiness.problems(gateway("True", selected).build(), REF, LAB_NS)).isEmpty();
        ListenerBuilder other = https("Selector");
        other.editAllowedRoutes().editNamespaces().withNewSelector().addToMatchLabels("team", "web").endSelector()
                .endNamespaces().endAllowedRoutes();
        assertThat(GatewayReadiness.problems(gateway("True", other).build(), REF, LAB_NS)).singleElement().asString()
                .contains("selector");
    }

    @Test
    void notProgrammedAnotherHostOrAMissingListenerAreEachNamed() {
        assertThat(GatewayReadiness.problems(gateway("False", https("All")).build(), REF, LAB_NS)).singleElement()
                .asString().contains("is not Programmed (AddressNotAssigned: no address yet)");
        assertThat(GatewayReadiness.problems(gateway(null, https("All")).build(), REF, LAB_NS)).singleElement()
                .asString().contains("no controller has taken it", "GatewayClass eg");
        GatewayRef elsewhere = new GatewayRef("labs", "gateways", null, "alice.other.edu", GatewayScheme.HTTPS);
        assertThat(GatewayReadiness.problems(gateway("True", https("All")).build(), elsewhere, LAB_NS)).singleElement()
                .asString().contains("serves *.labs.example.edu, not alice.other.edu");
        GatewayRef noHostYet = new GatewayRef("labs", "gateways", null, null, GatewayScheme.HTTPS);
        assertThat(GatewayReadiness.problems(gateway("True", https("All")).build(), noHostYet, LAB_NS)).isEmpty();
        GatewayRef section = new GatewayRef("labs", "gateways", "web", "alice.labs.example.edu", GatewayScheme.HTTPS);
        assertThat(GatewayReadiness.problems(gateway("True", https("All")).build(), section, LAB_NS)).singleElement()
                .asString().contains("has no listener web", "[https]");
    }

    @Test
    void oneListenerThatTakesTheRouteIsEnough() {
        ListenerBuilder tcp = new ListenerBuilder().withName("mqtt").withProtocol("TCP").withPort(1883);
        assertThat(GatewayReadiness.problems(gateway("True", tcp, https("All")).build(), REF, LAB_NS)).isEmpty();
        assertThat(GatewayReadiness.problems(gateway("True", tcp).build(), REF, LAB_NS)).singleElement().asString()
                .contains("speaks TCP");
        assertThat(GatewayReadiness.hostMatches("*.labs.example.edu", "labs.example.edu")).isFalse();
        assertThat(GatewayReadiness.hostMatches("a.example.edu", "a.example.edu")).isTrue();
    }
}
