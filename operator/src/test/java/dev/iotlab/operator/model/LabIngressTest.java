package dev.iotlab.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LabIngressTest {
    static Map<String, Ingress> byName(Lab lab) {
        return LabIngress.desired(lab).stream().collect(Collectors.toMap(i -> i.getMetadata().getName(), i -> i,
                (a, b) -> a, java.util.LinkedHashMap::new));
    }

    static List<String> paths(Ingress ingress) {
        return ingress.getSpec().getRules().get(0).getHttp().getPaths().stream()
                .map(p -> p.getPathType() + " " + p.getPath() + " -> " + p.getBackend().getService().getName() + ":"
                        + p.getBackend().getService().getPort().getNumber())
                .toList();
    }

    @Test
    void nginxGivesOneHostAPathPerUiTheHomePageAndARedirectPerBareUiPath() {
        Lab lab = TestLabs.lab("""
                student: {name: A}
                access: {ingress: {host: alice.labs.example.edu, className: nginx, tlsSecretName: labs-tls}}
                """);
        Map<String, Ingress> ingresses = byName(lab);
        assertThat(ingresses.keySet()).containsExactly("lab", "lab-rewrite", "lab-redirect-emqx",
                "lab-redirect-node-red", "lab-redirect-grafana");
        assertThat(ingresses.values()).allMatch(i -> i.getSpec().getRules().get(0).getHost().equals("alice.labs.example.edu"));
        assertThat(ingresses.values()).allMatch(i -> i.getSpec().getTls().get(0).getSecretName().equals("labs-tls"));
        assertThat(ingresses.values()).allMatch(i -> "nginx".equals(i.getSpec().getIngressClassName()));
        assertThat(paths(ingresses.get("lab"))).containsExactlyInAnyOrder(
                "Prefix /mqtt -> emqx:8083", "Prefix /node-red -> node-red:1880", "Prefix /grafana -> grafana:3000",
                "Exact / -> api:5000");
        assertThat(ingresses.get("lab").getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600")
                .doesNotContainKey("nginx.ingress.kubernetes.io/rewrite-target");
        assertThat(ingresses.get("lab-rewrite").getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/rewrite-target", "/$2");
        assertThat(paths(ingresses.get("lab-rewrite"))).containsExactlyInAnyOrder(
                "ImplementationSpecific /api(/|$)(.*) -> api:5000",
                "ImplementationSpecific /emqx(/|$)(.*) -> emqx-dashboard:18083");
        assertThat(paths(ingresses.get("lab-redirect-grafana"))).containsExactly("Exact /grafana -> grafana:3000");
        assertThat(ingresses.get("lab-redirect-grafana").getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/permanent-redirect", "https://alice.labs.example.edu/grafana/");
        assertThat(ingresses.get("lab-redirect-emqx").getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/permanent-redirect", "https://alice.labs.example.edu/emqx/");
    }

    @Test
    void withoutTlsTheRedirectStaysOnPlainHttp() {
        Lab lab = TestLabs.lab("student: {name: A}\naccess: {ingress: {host: a.example.edu}}");
        assertThat(byName(lab).get("lab-redirect-node-red").getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/permanent-redirect", "http://a.example.edu/node-red/");
        assertThat(byName(lab).get("lab").getSpec().getIngressClassName()).as("cluster default class").isNull();
    }

    @Test
    void disabledComponentsLeaveNoPathAndNoEmptyIngress() {
        Lab noUi = TestLabs.lab("""
                student: {name: A}
                components: {grafana: {enabled: false}, nodeRed: {enabled: false}, emqx: {enabled: false}}
                access: {ingress: {host: a.example.edu}}
                """);
        Map<String, Ingress> ingresses = byName(noUi);
        assertThat(ingresses.keySet()).containsExactly("lab", "lab-rewrite");
        assertThat(paths(ingresses.get("lab"))).containsExactly("Exact / -> api:5000");
        Lab nothing = TestLabs.lab("""
                student: {name: A}
                components: {grafana: {enabled: false}, nodeRed: {enabled: false}, emqx: {enabled: false}, api: {enabled: false}}
                access: {ingress: {host: a.example.edu}}
                """);
        assertThat(LabIngress.desired(nothing)).isEmpty();
    }

    @Test
    void traefikGetsMiddlewaresNamedInAnnotationsInsteadOfNginxAnnotations() {
        Lab lab = TestLabs.lab("student: {name: A}\naccess: {ingress: {host: a.example.edu, className: traefik}}");
        Map<String, Ingress> ingresses = byName(lab);
        assertThat(ingresses.keySet()).containsExactly("lab", "lab-rewrite", "lab-redirect");
        assertThat(ingresses.values()).allMatch(i -> i.getMetadata().getAnnotations() == null
                || i.getMetadata().getAnnotations().keySet().stream().noneMatch(k -> k.startsWith("nginx.")));
        assertThat(paths(ingresses.get("lab-rewrite"))).containsExactlyInAnyOrder(
                "Prefix /api -> api:5000", "Prefix /emqx -> emqx-dashboard:18083");
        assertThat(ingresses.get("lab-rewrite").getMetadata().getAnnotations())
                .containsEntry("traefik.ingress.kubernetes.io/router.middlewares", "iotlab-alice-lab-strip-prefix@kubernetescrd");
        assertThat(paths(ingresses.get("lab-redirect"))).containsExactlyInAnyOrder(
                "Exact /emqx -> emqx-dashboard:18083", "Exact /node-red -> node-red:1880", "Exact /grafana -> grafana:3000");
        assertThat(ingresses.get("lab-redirect").getMetadata().getAnnotations())
                .containsEntry("traefik.ingress.kubernetes.io/router.middlewares", "iotlab-alice-lab-slash-redirect@kubernetescrd")
                .containsEntry("traefik.ingress.kubernetes.io/router.priority", "10000");
        assertThat(paths(ingresses.get("lab"))).contains("Exact / -> api:5000", "Prefix /mqtt -> emqx:8083");
    }

    @Test
    void anExplicitFlavourWinsOverTheClassNameAndAnUnknownClassIsRefusedWithTheSupportedList() {
        Lab custom = TestLabs.lab("student: {name: A}\naccess: {ingress: {host: a.example.edu, className: public, flavour: traefik}}");
        assertThat(byName(custom)).containsKey("lab-redirect");
        assertThat(byName(custom).get("lab").getSpec().getIngressClassName()).isEqualTo("public");
        Lab unknown = TestLabs.lab("student: {name: A}\naccess: {ingress: {host: a.example.edu, className: haproxy}}");
        assertThatThrownBy(() -> LabChecks.validate(unknown)).isInstanceOf(InvalidLabException.class)
                .hasMessageContaining("spec.access.ingress.className \"haproxy\" has no recipe")
                .hasMessageContaining("supported: nginx, traefik")
                .hasMessageContaining("spec.access.ingress.flavour");
    }

    @Test
    void everyWebRouteOfEveryComponentIsOnTheIngress() {
        Lab lab = TestLabs.lab("student: {name: A}\naccess: {ingress: {host: a.example.edu}}");
        List<String> all = LabIngress.desired(lab).stream()
                .flatMap(i -> i.getSpec().getRules().get(0).getHttp().getPaths().stream())
                .map(HTTPIngressPath::getPath).toList();
        for (WebRoute r : WebRoute.all(lab)) {
            assertThat(all).as(r.path()).anyMatch(p -> p.equals(r.path()) || p.startsWith(r.path() + "("));
        }
    }
}
