package dev.iotlab.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotlab.operator.customresource.GatewayScheme;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabHttpRouteTest {
    static final String GATEWAY = "access: {gateway: {name: labs, namespace: gateways, host: alice.labs.example.edu}}";

    static String describe(HTTPRouteRule rule) {
        var match = rule.getMatches().get(0).getPath();
        String target = rule.getBackendRefs() == null || rule.getBackendRefs().isEmpty() ? ""
                : " -> " + rule.getBackendRefs().get(0).getName() + ":" + rule.getBackendRefs().get(0).getPort();
        String filters = rule.getFilters() == null ? "" : rule.getFilters().stream().map(f -> switch (f.getType()) {
            case "URLRewrite" -> " rewrite " + f.getUrlRewrite().getPath().getType() + " "
                    + f.getUrlRewrite().getPath().getReplacePrefixMatch();
            case "RequestRedirect" -> " redirect " + f.getRequestRedirect().getStatusCode() + " "
                    + f.getRequestRedirect().getPath().getReplaceFullPath();
            default -> " " + f.getType();
        }).reduce("", String::concat);
        return match.getType() + " " + match.getValue() + target + filters;
    }

    @Test
    void oneRouteOnTheLabsGatewayWithTheSamePathsAsTheIngress() {
        Lab lab = TestLabs.lab("student: {name: A}\n" + GATEWAY);
        List<HTTPRoute> routes = LabHttpRoute.desired(lab);
        assertThat(routes).hasSize(1);
        HTTPRoute route = routes.get(0);
        assertThat(route.getApiVersion()).isEqualTo("gateway.networking.k8s.io/v1");
        assertThat(route.getMetadata().getName()).isEqualTo("lab");
        assertThat(route.getMetadata().getNamespace()).isEqualTo("iotlab-alice");
        assertThat(route.getMetadata().getLabels()).containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
        assertThat(route.getSpec().getHostnames()).containsExactly("alice.labs.example.edu");
        var parent = route.getSpec().getParentRefs().get(0);
        assertThat(List.of(parent.getGroup(), parent.getKind(), parent.getNamespace(), parent.getName()))
                .containsExactly("gateway.networking.k8s.io", "Gateway", "gateways", "labs");
        assertThat(parent.getSectionName()).isNull();
        assertThat(route.getSpec().getRules()).extracting(LabHttpRouteTest::describe).containsExactlyInAnyOrder(
                "PathPrefix /mqtt -> emqx:8083",
                "PathPrefix /emqx -> emqx-dashboard:18083 rewrite ReplacePrefixMatch /",
                "PathPrefix /node-red -> node-red:1880",
                "PathPrefix /grafana -> grafana:3000",
                "PathPrefix /api -> api:5000 rewrite ReplacePrefixMatch /",
                "Exact / -> api:5000",
                "Exact /emqx redirect 301 /emqx/",
                "Exact /node-red redirect 301 /node-red/",
                "Exact /grafana redirect 301 /grafana/");
        // Fields the CRD would default are written, so the stored route equals the desired one.
        assertThat(route.getSpec().getRules()).flatExtracting(HTTPRouteRule::getBackendRefs)
                .allMatch(b -> "".equals(b.getGroup()) && "Service".equals(b.getKind()) && b.getWeight() == 1);
    }

    @Test
    void theOperatorsDefaultGatewayAndDomainFillWhatTheSpecLeavesOut() {
        OperatorSettings settings = OperatorSettings.defaults().withGateway(
                new DefaultGateway("shared", "infra", "https", "labs.example.edu", null), List.of());
        Lab lab = new Lab(TestLabs.resource("student: {name: A}\naccess: {gateway: {}}"), settings, TestLabs.NOW);
        GatewayRef ref = lab.gateway().orElseThrow();
        assertThat(ref).isEqualTo(new GatewayRef("shared", "infra", "https", "alice.labs.example.edu", GatewayScheme.HTTPS));
        assertThat(LabHttpRoute.desired(lab).get(0).getSpec().getParentRefs().get(0).getSectionName()).isEqualTo("https");
        assertThat(IngressRoutes.external(lab, "/api", false)).isEqualTo("https://alice.labs.example.edu/api");
        assertThat(IngressRoutes.external(lab, "/mqtt", true)).isEqualTo("wss://alice.labs.example.edu/mqtt");

        Lab own = new Lab(TestLabs.resource("student: {name: A}\naccess: {gateway: {name: g, namespace: n, host: h.example.edu, scheme: http}}"),
                settings, TestLabs.NOW);
        assertThat(own.gateway().orElseThrow()).isEqualTo(new GatewayRef("g", "n", null, "h.example.edu", GatewayScheme.HTTP));
        assertThat(IngressRoutes.external(own, "/grafana/", false)).isEqualTo("http://h.example.edu/grafana/");
    }

    @Test
    void withoutAGatewayOrAHostTheLabIsRefusedSayingWhatToSet() {
        Lab noGateway = TestLabs.lab("student: {name: A}\naccess: {gateway: {host: a.example.edu}}");
        assertThatThrownBy(() -> LabChecks.validate(noGateway)).isInstanceOf(InvalidLabException.class)
                .hasMessageContaining("spec.access.gateway.name is not set and the operator has no default gateway");
        Lab noHost = TestLabs.lab("student: {name: A}\naccess: {gateway: {name: g, namespace: n}}");
        assertThatThrownBy(() -> LabChecks.validate(noHost)).isInstanceOf(InvalidLabException.class)
                .hasMessageContaining("spec.access.gateway.host is not set")
                .hasMessageContaining("iotlab.gateway.domain");
        Lab both = TestLabs.lab("student: {name: A}\naccess: {ingress: {host: a.example.edu}, gateway: {name: g, namespace: n, host: a.example.edu}}");
        assertThatThrownBy(() -> LabChecks.validate(both)).hasMessageContaining("choose ingress or gateway, not both");
    }

    @Test
    void aGatewayLabHasNoIngressAndAnIngressLabNoRoute() {
        Lab gateway = TestLabs.lab("student: {name: A}\n" + GATEWAY);
        assertThat(LabIngress.desired(gateway)).isEmpty();
        assertThat(TraefikMiddlewares.desired(gateway)).isEmpty();
        assertThat(LabHttpRoute.desired(TestLabs.lab("student: {name: A}\naccess: {ingress: {host: a.example.edu}}"))).isEmpty();
        assertThat(LabHttpRoute.desired(TestLabs.minimal())).isEmpty();
        assertThat(LabResources.all(gateway)).filteredOn(o -> o instanceof HTTPRoute).hasSize(1);
    }

    @Test
    void grafanaAndTheStatusUseTheRoutesHost() {
        Lab lab = TestLabs.lab("student: {name: A}\n" + GATEWAY);
        var env = Components.GRAFANA.deployment(lab).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        assertThat(env).anyMatch(e -> "GF_SERVER_ROOT_URL".equals(e.getName())
                && "https://alice.labs.example.edu/grafana/".equals(e.getValue()));
        assertThat(Components.API.endpoints(lab)).extracting(e -> e.getExternal())
                .containsExactly("https://alice.labs.example.edu/api");
    }

    @Test
    void theNetworkPolicyLetsInTheGatewaysNamespaceAndTheConfiguredDataPlanes() {
        OperatorSettings settings = OperatorSettings.defaults().withGateway(DefaultGateway.NONE,
                List.of("envoy-gateway-system", "nginx-gateway"));
        Lab lab = new Lab(TestLabs.resource("student: {name: A}\n" + GATEWAY), settings, TestLabs.NOW);
        var namespaces = LabNetworkPolicy.desired(lab).getSpec().getIngress().get(0).getFrom().stream()
                .filter(p -> p.getNamespaceSelector() != null)
                .map(p -> p.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name")).toList();
        assertThat(namespaces).contains("gateways", "envoy-gateway-system", "nginx-gateway")
                .containsAll(OperatorSettings.DEFAULT_INGRESS_NAMESPACES).doesNotHaveDuplicates();
        var withoutGateway = LabNetworkPolicy.desired(new Lab(TestLabs.resource("student: {name: A}"), settings,
                TestLabs.NOW)).getSpec().getIngress().get(0).getFrom().stream()
                .filter(p -> p.getNamespaceSelector() != null)
                .map(p -> p.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name")).toList();
        assertThat(withoutGateway).doesNotContain("envoy-gateway-system", "nginx-gateway");
    }
}
