package dev.iotlab.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.iotlab.operator.config.OperatorConfig;
import dev.iotlab.operator.controlplane.ControlPlane;
import dev.iotlab.operator.controlplane.ControlPlaneTest;
import dev.iotlab.operator.controlplane.UpstreamCrds;
import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.customresource.Phase;
import dev.iotlab.operator.customresource.GatewayScheme;
import dev.iotlab.operator.model.TestLabs;
import dev.iotlab.operator.model.GatewayReadiness;
import dev.iotlab.operator.model.GatewayRef;
import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.LabHttpRoute;
import dev.iotlab.operator.model.OperatorSettings;
import dev.iotlab.operator.traefik.Middleware;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Gateway API and Traefik access on the real control plane, with the upstream CRDs (their own schemas and CEL rules
 * judge our objects). The tests run in order because the CRDs are cluster-wide: first without them (the lab says
 * what is missing, the operator does not crash or retry in a loop), then installed while the operator runs.
 */
@ControlPlaneTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayAccessTest {
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final String GATEWAY = "access: {gateway: {name: labs, namespace: gateways, host: %s.labs.example.edu}}";
    static KubernetesClient admin;
    static OperatorHarness operator;
    static List<Path> gatewayCrds;
    static Optional<Path> traefikCrd;

    @BeforeAll
    static void start() throws Exception {
        admin = ControlPlane.shared().adminClient();
        gatewayCrds = UpstreamCrds.gatewayApi().orElse(null);
        traefikCrd = UpstreamCrds.traefikMiddleware();
        assumeTrue(gatewayCrds != null, UpstreamCrds.unavailableReason(UpstreamCrds.GATEWAY_API));
        OperatorHarness.installCrd(admin);
        // The CRDs are cluster-wide: start from a cluster without them, whatever ran before in this JVM.
        UpstreamCrds.uninstall(admin, UpstreamCrds.gatewayApiCrdNames());
        UpstreamCrds.uninstall(admin, List.of(Middleware.CRD_NAME));
        OperatorConfig config = OperatorHarness.testConfig();
        config.setCrdRecheckInterval(Duration.ofSeconds(1));
        operator = new OperatorHarness(ControlPlane.shared().adminConfig(), config);
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    @Order(1)
    void withoutTheGatewayApiTheLabIsDegradedSayingSoAndInstallingItLaterBringsTheRoute() throws Exception {
        apply("gw-early", GATEWAY.formatted("early"));
        String ns = "iotlab-gw-early";
        OperatorHarness.markPodsReady(admin, ns, 6);
        IotLab degraded = await().atMost(PATIENCE).until(() -> get("gw-early"),
                l -> l.getStatus() != null && l.getStatus().getPhase() == Phase.Degraded);
        Condition access = condition(degraded, Conditions.EXTERNAL_ACCESS).orElseThrow();
        assertThat(access.getStatus()).isEqualTo("False");
        assertThat(access.getReason()).isEqualTo("GatewayApiMissing");
        assertThat(degraded.getStatus().getMessage()).contains("httproutes.gateway.networking.k8s.io")
                .contains("install the Gateway API standard-channel CRDs");
        assertThat(admin.apps().deployments().inNamespace(ns).list().getItems()).as("the rest of the lab runs")
                .hasSize(6);

        // No retry storm: the lab is looked at again every recheck interval (1 s here), nothing is written, no
        // informer tries to list or watch the missing kind, and each CRD is looked up about once per interval.
        // (Writes for this lab only: other test classes of this JVM may have left labs for the operator to finish.)
        // First let the move to Degraded finish: a reconcile on a cache that has not yet seen the status patch
        // repeats it once (and gets a conflict); then a quiet window.
        long[] last = {-1};
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            long now = labWrites("gw-early", ns);
            boolean quiet = now == last[0];
            last[0] = now;
            return quiet;
        });
        operator.resetWrites();
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).untilAsserted(() ->
                assertThat(operator.writeLog()).as("writes for the lab while the Gateway API is missing")
                        .noneMatch(w -> w.contains(ns) || w.contains("/iotlabs/gw-early")));
        List<String> requests = operator.requestLog();
        assertThat(requests).noneMatch(r -> r.contains("/apis/gateway.networking.k8s.io/"));
        assertThat(requests.stream().filter(r -> r.endsWith("/customresourcedefinitions/" + LabHttpRoute.CRD_NAME)))
                .hasSizeBetween(1, 8);

        UpstreamCrds.install(admin, gatewayCrds);
        HTTPRoute route = await().atMost(PATIENCE).until(() -> route(ns), java.util.Objects::nonNull);
        assertThat(route.getSpec().getHostnames()).containsExactly("early.labs.example.edu");
        IotLab waiting = await().atMost(PATIENCE).until(() -> get("gw-early"),
                l -> condition(l, Conditions.EXTERNAL_ACCESS).map(c -> "Unknown".equals(c.getStatus())).orElse(false));
        assertThat(condition(waiting, Conditions.EXTERNAL_ACCESS).orElseThrow().getMessage())
                .contains("no Gateway controller has reported", "gateways/labs");
        assertThat(waiting.getStatus().getPhase()).as("no controller yet is not an error").isEqualTo(Phase.Ready);
    }

    @Test
    @Order(2)
    void theRouteIsAdmittedOwnedRestoredAfterDriftAndItsConditionsReachTheLab() throws Exception {
        UpstreamCrds.install(admin, gatewayCrds); // done by the first test; again, so that its failure does not cascade
        IotLab lab = apply("gw-route", GATEWAY.formatted("route"));
        String ns = "iotlab-gw-route";
        OperatorHarness.markPodsReady(admin, ns, 6);
        HTTPRoute route = await().atMost(PATIENCE).until(() -> route(ns), java.util.Objects::nonNull);
        HTTPRoute desired = LabHttpRoute.desired(new Lab(lab, OperatorSettings.defaults(), Instant.now())).get(0);
        assertThat(route.getSpec()).as("stored as desired: nothing defaulted behind our back").isEqualTo(desired.getSpec());
        assertThat(route.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(get("gw-route").getMetadata().getUid()));
        IotLab ready = await().atMost(PATIENCE).until(() -> get("gw-route"),
                l -> l.getStatus() != null && l.getStatus().getPhase() == Phase.Ready);
        assertThat(ready.getStatus().getEndpoint()).isEqualTo("https://route.labs.example.edu/api");
        assertThat(ready.getStatus().getEndpoints()).anyMatch(e -> "wss://route.labs.example.edu/mqtt".equals(e.getExternal()));

        // Drift: someone points the route at another host; the operator puts it back.
        admin.resources(HTTPRoute.class).inNamespace(ns).withName("lab").edit(r -> {
            r.getSpec().setHostnames(List.of("elsewhere.example.edu"));
            return r;
        });
        await().atMost(PATIENCE).until(() -> route(ns).getSpec().getHostnames(), h -> h.equals(List.of("route.labs.example.edu")));

        // The Gateway's controller refuses the route: the lab says so with the controller's words.
        writeRouteStatus(ns, "False", "NotAllowedByListeners", "no listener of gateways/labs allows routes from namespace " + ns);
        IotLab refused = await().atMost(PATIENCE).until(() -> get("gw-route"), l -> l.getStatus().getPhase() == Phase.Degraded);
        Condition access = condition(refused, Conditions.EXTERNAL_ACCESS).orElseThrow();
        assertThat(access.getStatus()).isEqualTo("False");
        assertThat(access.getReason()).isEqualTo("RouteAcceptedFalse");
        assertThat(access.getMessage()).contains("NotAllowedByListeners", "no listener of gateways/labs allows routes",
                "example.com/gateway-controller");
        assertThat(refused.getStatus().getMessage()).contains("NotAllowedByListeners");

        writeRouteStatus(ns, "True", "Accepted", "route accepted");
        IotLab accepted = await().atMost(PATIENCE).until(() -> get("gw-route"), l -> l.getStatus().getPhase() == Phase.Ready);
        assertThat(condition(accepted, Conditions.EXTERNAL_ACCESS).orElseThrow())
                .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"))
                .satisfies(c -> assertThat(c.getReason()).isEqualTo("RouteAccepted"));

        // A restarted operator finds route and lab up to date: no write request.
        operator.close();
        OperatorConfig config = OperatorHarness.testConfig();
        config.setCrdRecheckInterval(Duration.ofSeconds(1));
        operator = new OperatorHarness(ControlPlane.shared().adminConfig(), config);
        await().atMost(PATIENCE).pollDelay(Duration.ofSeconds(3)).until(() -> get("gw-route").getStatus().getPhase(),
                Phase.Ready::equals);
        assertThat(operator.writeLog()).as("write requests of a no-op resync").isEmpty();

        // Deleting the lab deletes its namespace and the route in it.
        admin.resources(IotLab.class).withName("gw-route").delete();
        await().atMost(PATIENCE).until(() -> admin.namespaces().withName(ns).get() == null);
    }

    @Test
    @Order(3)
    void switchingFromIngressToGatewayAndBackLeavesNothingOver() throws Exception {
        UpstreamCrds.install(admin, gatewayCrds);
        String ns = "iotlab-gw-switch";
        apply("gw-switch", "access: {ingress: {host: switch.labs.example.edu}}");
        await().atMost(PATIENCE).until(() -> ingresses(ns).size() == 5);
        assertThat(route(ns)).isNull();

        apply("gw-switch", GATEWAY.formatted("switch"));
        await().atMost(PATIENCE).until(() -> route(ns) != null && ingresses(ns).isEmpty());
        assertThat(peerNamespaces(ns)).contains("gateways", "envoy-gateway-system");

        apply("gw-switch", "access: {ingress: {host: switch.labs.example.edu, className: nginx}}");
        await().atMost(PATIENCE).until(() -> route(ns) == null && ingresses(ns).size() == 5);
        assertThat(peerNamespaces(ns)).doesNotContain("gateways", "envoy-gateway-system");
    }

    @Test
    @Order(4)
    void traefikWithoutItsCrdsIsDegradedAndWithThemGetsMiddlewaresTheApiServerAdmits() throws Exception {
        assumeTrue(traefikCrd.isPresent(), UpstreamCrds.unavailableReason(UpstreamCrds.TRAEFIK));
        String ns = "iotlab-gw-traefik";
        apply("gw-traefik", "access: {ingress: {host: traefik.labs.example.edu, className: traefik}}");
        OperatorHarness.markPodsReady(admin, ns, 6);
        IotLab degraded = await().atMost(PATIENCE).until(() -> get("gw-traefik"),
                l -> l.getStatus() != null && l.getStatus().getPhase() == Phase.Degraded);
        assertThat(condition(degraded, Conditions.EXTERNAL_ACCESS).orElseThrow().getReason()).isEqualTo("TraefikCrdsMissing");
        assertThat(degraded.getStatus().getMessage()).contains("middlewares.traefik.io", "flavour: nginx");
        assertThat(ingresses(ns)).extracting(i -> i.getMetadata().getName())
                .containsExactlyInAnyOrder("lab", "lab-rewrite", "lab-redirect");

        UpstreamCrds.install(admin, List.of(traefikCrd.get()));
        await().atMost(PATIENCE).until(() -> admin.resources(Middleware.class).inNamespace(ns).list().getItems().size() == 2);
        await().atMost(PATIENCE).until(() -> get("gw-traefik").getStatus().getPhase(), Phase.Ready::equals);
        Middleware strip = admin.resources(Middleware.class).inNamespace(ns).withName("lab-strip-prefix").get();
        assertThat(strip.getSpec().getStripPrefix().prefixes()).containsExactlyInAnyOrder("/api", "/emqx");
        assertThat(strip.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("IotLab"));

        // Back to nginx: the Middlewares go.
        apply("gw-traefik", "access: {ingress: {host: traefik.labs.example.edu, className: nginx}}");
        await().atMost(PATIENCE).until(() -> admin.resources(Middleware.class).inNamespace(ns).list().getItems().isEmpty());
    }

    @Test
    @Order(5)
    void theRouteOfEveryExampleIsAdmittedByTheGatewayApisOwnValidation() throws Exception {
        UpstreamCrds.install(admin, gatewayCrds);
        String ns = ControlPlane.shared().newNamespace("gw-examples", java.util.Map.of());
        for (String file : new String[] {"minimal.yaml", "full.yaml", "course.yaml", "gateway.yaml"}) {
            try (var in = new java.io.FileInputStream("../examples/" + file)) {
                for (var item : admin.load(in).items()) {
                    if (!(item instanceof IotLab example)) {
                        continue;
                    }
                    example.getMetadata().setUid("uid");
                    var access = example.getSpec().accessOrDefault();
                    String host = access.getIngress() != null ? access.getIngress().getHost()
                            : access.getGateway() != null ? access.getGateway().getHost()
                            : example.getMetadata().getName() + ".labs.example.edu";
                    access.setIngress(null);
                    dev.iotlab.operator.customresource.GatewaySpec gateway = new dev.iotlab.operator.customresource.GatewaySpec();
                    gateway.setName("labs");
                    gateway.setNamespace("gateways");
                    gateway.setSectionName("https");
                    gateway.setHost(host);
                    access.setGateway(gateway);
                    example.getSpec().setAccess(access);
                    for (HTTPRoute route : LabHttpRoute.desired(new Lab(example, OperatorSettings.defaults(), Instant.now()))) {
                        route.getMetadata().setNamespace(ns);
                        assertThat(admin.resource(route).dryRun().create()).as(file).isNotNull();
                    }
                }
            }
        }
    }

    @Test
    @Order(6)
    void gatewayReadinessJudgesGatewaysAsTheApiServerStoresThem() throws Exception {
        UpstreamCrds.install(admin, gatewayCrds);
        String ns = ControlPlane.shared().newNamespace("gw-readiness", java.util.Map.of());
        Map<String, String> labNamespace = dev.iotlab.operator.model.Labels.forLab(
                new Lab(TestLabs.resource("student: {name: A}"), OperatorSettings.defaults(), Instant.now()));
        GatewayRef ref = new GatewayRef("same", ns, null, "a.labs.example.edu", GatewayScheme.HTTPS);
        // A listener as most examples write it: allowedRoutes left out, so the CRD defaults it to from: Same.
        Gateway same = admin.resource(new GatewayBuilder().withNewMetadata().withName("same").withNamespace(ns).endMetadata()
                .withNewSpec().withGatewayClassName("example").addNewListener().withName("http").withProtocol("HTTP")
                .withPort(80).endListener().endSpec().build()).create();
        assertThat(same.getSpec().getListeners().get(0).getAllowedRoutes().getNamespaces().getFrom()).isEqualTo("Same");
        assertThat(GatewayReadiness.problems(same, ref, labNamespace))
                .anyMatch(p -> p.contains("is not Programmed (Pending"))
                .anyMatch(p -> p.contains("allows routes only from its own namespace (allowedRoutes.namespaces.from: Same)"));

        Gateway open = admin.resource(new GatewayBuilder().withNewMetadata().withName("open").withNamespace(ns).endMetadata()
                .withNewSpec().withGatewayClassName("example").addNewListener().withName("http").withProtocol("HTTP")
                .withPort(80).withNewAllowedRoutes().withNewNamespaces().withFrom("Selector").withNewSelector()
                .addToMatchLabels("app.kubernetes.io/managed-by", "iotlab-operator").endSelector().endNamespaces()
                .endAllowedRoutes().endListener().endSpec().build()).create();
        assertThat(GatewayReadiness.problems(open, new GatewayRef("open", ns, null, "a.labs.example.edu",
                GatewayScheme.HTTPS), labNamespace)).as("only the missing controller").singleElement().asString()
                .contains("is not Programmed");
    }

    // --- helpers ---

    static IotLab apply(String name, String spec) {
        return OperatorHarness.applyLab(admin, name, "student: {name: " + name + "}\n" + spec);
    }

    static IotLab get(String name) {
        return admin.resources(IotLab.class).withName(name).get();
    }

    static Optional<Condition> condition(IotLab lab, String type) {
        return lab.getStatus() == null ? Optional.empty()
                : lab.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    static long labWrites(String lab, String ns) {
        return operator.writeLog().stream().filter(w -> w.contains(ns) || w.contains("/iotlabs/" + lab)).count();
    }

    static HTTPRoute route(String ns) {
        return admin.resources(HTTPRoute.class).inNamespace(ns).withName(LabHttpRoute.NAME).get();
    }

    static List<Ingress> ingresses(String ns) {
        return admin.network().v1().ingresses().inNamespace(ns).list().getItems();
    }

    static List<String> peerNamespaces(String ns) {
        return admin.network().v1().networkPolicies().inNamespace(ns).withName("lab-isolation").get().getSpec()
                .getIngress().get(0).getFrom().stream().filter(p -> p.getNamespaceSelector() != null)
                .map(p -> p.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name")).toList();
    }

    /** Plays the Gateway's controller: writes Accepted and ResolvedRefs for our parentRef. */
    static void writeRouteStatus(String ns, String accepted, String reason, String message) {
        String now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        HTTPRoute route = route(ns);
        route.setStatus(new io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteStatusBuilder()
                .addToParents(new RouteParentStatusBuilder()
                        .withParentRef(route.getSpec().getParentRefs().get(0))
                        .withControllerName("example.com/gateway-controller")
                        .withConditions(
                                new ConditionBuilder().withType("Accepted").withStatus(accepted).withReason(reason)
                                        .withMessage(message).withObservedGeneration(route.getMetadata().getGeneration())
                                        .withLastTransitionTime(now).build(),
                                new ConditionBuilder().withType("ResolvedRefs").withStatus("True").withReason("ResolvedRefs")
                                        .withMessage("all references resolved")
                                        .withObservedGeneration(route.getMetadata().getGeneration())
                                        .withLastTransitionTime(now).build())
                        .build())
                .build());
        admin.resource(route).updateStatus();
    }
}
