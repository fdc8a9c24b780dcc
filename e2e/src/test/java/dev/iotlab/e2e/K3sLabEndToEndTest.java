package dev.iotlab.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import com.marcnuri.helm.Helm;
import dev.iotlab.e2e.support.HostRequest;
import dev.iotlab.e2e.support.Http;
import dev.iotlab.e2e.support.LabImages;
import dev.iotlab.e2e.support.LocalImages;
import dev.iotlab.operator.controlplane.UpstreamCrds;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 9, end to end on a real Kubernetes: k3s in Docker (Testcontainers), our Jib images imported into its
 * containerd, the operator installed from charts/iotlab-operator with real Helm (helm-java), examples/minimal.yaml
 * applied; once the IotLab is Ready, everything goes through the student's API endpoint (port-forwarded) with the
 * token from the lab's Secret: publish and read back over MQTT, the simulator's readings from InfluxDB, a command that
 * changes a device's state.
 * <p>
 * Then the student's host as a browser reaches it, through k3s's own Traefik (started here, unlike Testcontainers'
 * default): first as a Gateway API HTTPRoute on a Gateway of Traefik's GatewayClass (the Gateway API standard CRDs
 * put into k3s's manifests before it starts), then as Traefik-flavoured Ingress objects with their Middlewares —
 * prefix stripping, the redirects of bare UI paths and the home page at "/".
 * <p>
 * Needs a Docker engine that can pull rancher/k3s and the upstream component images (EMQX, InfluxDB, Grafana,
 * Node-RED's base); k3s pulls its Traefik itself. Where that is not possible every test is skipped with the exact reason — never a pass.
 * Run: {@code mvn verify -Pe2e} (tag e2e; excluded from the default build).
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class K3sLabEndToEndTest {

    private static final String OURS = "ghcr.io/iotlab-dev/";
    private static final Duration LAB_READY_TIMEOUT = Duration.ofMinutes(10);

    private final Properties pins = pins();
    private final Path root = LocalImages.root();
    private final Path labFile = root.resolve("examples/minimal.yaml");

    /** k3s applies what is in this directory at start (HelmChartConfig, CRDs). */
    private static final String MANIFESTS = "/var/lib/rancher/k3s/server/manifests/";
    private static final String TRAEFIK_CONFIG = """
            apiVersion: helm.cattle.io/v1
            kind: HelmChartConfig
            metadata:
              name: traefik
              namespace: kube-system
            spec:
              valuesContent: |-
                providers:
                  kubernetesGateway:
                    enabled: true
            """;
    private static final String STUDENT_HOST = "alice.labs.e2e.test";
    private static final String GATEWAY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata:
              name: labs
              namespace: kube-system
            spec:
              gatewayClassName: traefik
              listeners:
                - name: web
                  protocol: HTTP
                  port: 8000
                  allowedRoutes:
                    namespaces:
                      from: Selector
                      selector:
                        matchLabels:
                          app.kubernetes.io/managed-by: iotlab-operator
            """;

    private String skipReason;
    private String gatewayReason;
    private K3sContainer k3s;
    private KubernetesClient kube;
    private LocalPortForward apiForward;
    private Http api;
    private String labName;
    private String labNamespace;

    @BeforeAll
    void startK3sWithTheOperatorAndALab() throws Exception {
        skipReason = whyNotHere();
        if (skipReason != null) {
            System.err.println("[e2e] " + skipReason);
            return;
        }
        List<String> labImages = LabImages.of(labFile);
        List<Path> ourTars = LocalImages.ensure("api", "simulator", "operator");
        List<Path> upstreamTars = upstreamImageTars(labImages);   // may still decide to skip (pull refused)
        if (skipReason != null) {
            System.err.println("[e2e] " + skipReason);
            return;
        }

        k3s = new K3sContainer(DockerImageName.parse(pins.getProperty("k3s.image")));
        // Testcontainers disables k3s's Traefik; the access tests want it, with its Gateway API provider on.
        k3s.withCommand("server", "--tls-san=" + k3s.getHost());
        k3s.withCopyToContainer(Transferable.of(TRAEFIK_CONFIG), MANIFESTS + "traefik-config.yaml");
        var gatewayCrds = UpstreamCrds.gatewayApi();
        if (gatewayCrds.isPresent()) {
            for (Path crd : gatewayCrds.get()) {
                k3s.withCopyToContainer(MountableFile.forHostPath(crd), MANIFESTS + crd.getFileName());
            }
        } else {
            gatewayReason = UpstreamCrds.unavailableReason(UpstreamCrds.GATEWAY_API);
        }
        k3s.start();
        List<Path> all = new ArrayList<>(ourTars);
        all.addAll(upstreamTars);
        for (Path tar : all) {
            importIntoK3s(tar);
        }

        String kubeconfig = k3s.getKubeConfigYaml();
        kube = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
        new Helm(root.resolve("charts/iotlab-operator"))
                .install()
                .withName(pins.getProperty("operator.release"))
                .withNamespace(pins.getProperty("operator.namespace"))
                .createNamespace()
                .withKubeConfigContents(kubeconfig)
                .set("replicaCount", 1)
                .set("image.pullPolicy", "Never")   // imported above; nothing may be pulled from ghcr.io
                .waitReady()
                .withTimeout(300)
                .call();

        HasMetadata lab = kube.resource(Files.readString(labFile)).serverSideApply();
        labName = lab.getMetadata().getName();
        await("IotLab " + labName + " Ready").atMost(LAB_READY_TIMEOUT).pollInterval(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(phase()).as(this::labStatus).isEqualTo("Ready"));
        labNamespace = String.valueOf(status().getOrDefault("namespace", "iotlab-" + labName));

        Secret credentials = kube.secrets().inNamespace(labNamespace).withName("lab-credentials").get();
        String token = new String(Base64.getDecoder().decode(credentials.getData().get("api-token")),
                StandardCharsets.UTF_8);
        apiForward = kube.services().inNamespace(labNamespace).withName("api").portForward(5000);
        api = new Http("http://127.0.0.1:" + apiForward.getLocalPort(), token);
    }

    @BeforeEach
    void onlyWhereK3sRuns() {
        assumeTrue(skipReason == null, skipReason);
    }

    @Test
    @Order(1)
    void publishThroughTheApiAndReadItBack() {
        assertThat(api.post("/mqtt/subscribe", Map.of("topic", "e2e/echo")).status()).isEqualTo(200);
        Http.Reply published = api.post("/mqtt/publish", Map.of("topic", "e2e/echo", "message", Map.of("hello", "lab")));
        assertThat(published.status()).as(published.body()).isEqualTo(200);
        await("our message comes back through EMQX").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode messages = api.get("/mqtt/messages?topic=e2e/echo").json().path("messages");
            assertThat(messages.findValuesAsText("hello")).contains("lab");
        });
    }

    @Test
    @Order(2)
    void theSimulatorsReadingsAreInTheDatabase() {
        String flux = "from(bucket: \"iot-data\") |> range(start: -15m) "
                + "|> filter(fn: (r) => r._measurement == \"temperature\") |> limit(n: 5)";
        await("temperature readings in InfluxDB, queried through the API").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                    Http.Reply r = api.post("/database/query", Map.of("query", flux));
                    assertThat(r.status()).as(r.body()).isEqualTo(200);
                    assertThat(r.json().path("count").asInt()).as(r.body()).isGreaterThan(0);
                    assertThat(r.json().path("results").get(0).path("measurement").asText()).isEqualTo("temperature");
                });
    }

    @Test
    @Order(3)
    void aCommandChangesTheDevicesState() {
        await("the API knows switch-001").atMost(Duration.ofMinutes(1)).untilAsserted(() ->
                assertThat(api.get("/devices/list").json().path("devices").findValuesAsText("device_id"))
                        .contains("switch-001"));
        assertThat(api.post("/mqtt/subscribe", Map.of("topic", "devices/switch-001/state")).status()).isEqualTo(200);
        for (String wanted : List.of("on", "off", "on")) {
            Http.Reply sent = api.post("/devices/switch-001/command", Map.of("action", wanted));
            assertThat(sent.status()).as(sent.body()).isEqualTo(200);
            await("switch-001 reports " + wanted).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode messages = api.get("/mqtt/messages?topic=devices/switch-001/state&limit=1")
                        .json().path("messages");
                assertThat(messages.findValuesAsText("state")).as(messages.toString()).containsExactly(wanted);
            });
        }
    }

    @Test
    @Order(4)
    void theStudentsHostWorksThroughAGatewayApiRouteAndThroughTraefikIngress() throws Exception {
        assumeTrue(gatewayReason == null, gatewayReason);
        await("Traefik's GatewayClass").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(3))
                .until(() -> kube.genericKubernetesResources("gateway.networking.k8s.io/v1", "GatewayClass")
                        .withName("traefik").get() != null);
        kube.resource(GATEWAY).serverSideApply();

        setAccess("{\"ingress\": null, \"gateway\": {\"name\": \"labs\", \"namespace\": \"kube-system\", "
                + "\"host\": \"" + STUDENT_HOST + "\", \"scheme\": \"http\"}}");
        await("the Gateway accepts the lab's HTTPRoute").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(condition("ExternalAccess")).as(this::labStatus)
                        .containsEntry("status", "True").containsEntry("reason", "RouteAccepted"));
        assertThat(String.valueOf(status().get("endpoint"))).isEqualTo("http://" + STUDENT_HOST + "/api");
        studentHostAnswers();

        setAccess("{\"gateway\": null, \"ingress\": {\"host\": \"" + STUDENT_HOST + "\", \"className\": \"traefik\"}}");
        await("Traefik Middlewares and Ready").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    assertThat(kube.genericKubernetesResources("traefik.io/v1alpha1", "Middleware")
                            .inNamespace(labNamespace).list().getItems()).hasSize(2);
                    assertThat(phase()).as(this::labStatus).isEqualTo("Ready");
                });
        assertThat(kube.genericKubernetesResources("gateway.networking.k8s.io/v1", "HTTPRoute")
                .inNamespace(labNamespace).list().getItems()).as("the route is gone").isEmpty();
        studentHostAnswers();
    }

    /** Through Traefik's web entrypoint (port-forwarded), as a browser on the student's host would. */
    private void studentHostAnswers() throws IOException {
        var traefik = kube.pods().inNamespace("kube-system").withLabel("app.kubernetes.io/name", "traefik").list()
                .getItems().get(0);
        try (LocalPortForward proxy = kube.pods().inNamespace("kube-system").withName(traefik.getMetadata().getName())
                .portForward(8000)) {
            int port = proxy.getLocalPort();
            await("the API behind /api/ (prefix stripped)").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
                    .untilAsserted(() -> assertThat(HostRequest.get(port, STUDENT_HOST, "/api/health").status()).isEqualTo(200));
            for (String ui : List.of("/grafana", "/node-red", "/emqx")) {
                HostRequest.Reply bare = HostRequest.get(port, STUDENT_HOST, ui);
                assertThat(bare.status()).as(ui).isIn(301, 308);
                assertThat(bare.location()).as(ui).hasValueSatisfying(l -> assertThat(l).endsWith(ui + "/"));
            }
            assertThat(HostRequest.get(port, STUDENT_HOST, "/grafana/api/health").status()).as("Grafana at its sub-path").isEqualTo(200);
            assertThat(HostRequest.get(port, STUDENT_HOST, "/emqx/").status()).as("EMQX dashboard, prefix stripped").isEqualTo(200);
            assertThat(HostRequest.get(port, STUDENT_HOST, "/").status()).as("the home page from the API").isEqualTo(200);
        }
    }

    private void setAccess(String accessJson) {
        kube.genericKubernetesResources("iotlab.dev/v1alpha1", "IotLab").withName(labName)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"access\": " + accessJson + "}}");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> condition(String type) {
        Object conditions = status().get("conditions");
        if (!(conditions instanceof List<?> list)) {
            return Map.of();
        }
        return list.stream().map(c -> (Map<String, Object>) c).filter(c -> type.equals(c.get("type"))).findFirst()
                .orElse(Map.of());
    }

    @AfterAll
    void tearDown() throws IOException {
        if (apiForward != null) {
            apiForward.close();
        }
        if (kube != null) {
            kube.close();
        }
        if (k3s != null) {
            k3s.stop();
        }
    }

    /** Null when Docker runs here and can give us k3s; otherwise exactly why not. */
    private String whyNotHere() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            String host = System.getenv("DOCKER_HOST");
            return "SKIPPED (not run): Testcontainers finds no Docker engine (DOCKER_HOST="
                    + (host == null ? "unset" : host) + ", /var/run/docker.sock "
                    + (Files.exists(Path.of("/var/run/docker.sock")) ? "exists" : "missing")
                    + "). k3s runs as a privileged Docker container; install Docker (or podman's Docker API socket) "
                    + "with registry access.";
        }
        return pullOrWhy(pins.getProperty("k3s.image"));
    }

    /** Pulls an image through the Docker engine; null on success, else the skip reason with Docker's own error. */
    private String pullOrWhy(String image) {
        DockerClient docker = DockerClientFactory.instance().client();
        try {
            docker.inspectImageCmd(image).exec();
            return null;
        } catch (NotFoundException absent) {
            // pull below
        }
        // The engine's own error lines (docker-java's PullImageResultCallback hides podman's behind an NPE).
        List<String> errors = new ArrayList<>();
        try {
            docker.pullImageCmd(image).exec(new ResultCallback.Adapter<PullResponseItem>() {
                @Override
                public void onNext(PullResponseItem item) {
                    if (item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null) {
                        errors.add(item.getErrorDetail().getMessage());
                    } else if (item.getError() != null) {
                        errors.add(item.getError());
                    }
                }
            }).awaitCompletion(10, TimeUnit.MINUTES);
            docker.inspectImageCmd(image).exec();
            return null;
        } catch (Exception e) {
            String why = errors.isEmpty() ? String.valueOf(e.getMessage()) : String.join("; ", errors);
            return "SKIPPED (not run): the Docker engine cannot pull " + image + ": " + why;
        }
    }

    /**
     * docker-save tars of every image the lab needs that is not one of our Jib images: pulled, or built (Node-RED,
     * from images/node-red/Containerfile). Imported into k3s so the cluster itself needs no registry access.
     */
    private List<Path> upstreamImageTars(List<String> labImages) throws IOException {
        List<Path> tars = new ArrayList<>();
        Path dir = Files.createDirectories(Path.of("target", "e2e-images"));
        for (String image : labImages) {
            if (image.startsWith(OURS + "iotlab-api:") || image.startsWith(OURS + "iotlab-simulator:")) {
                continue;   // Jib tars
            }
            if (image.startsWith(OURS + "iotlab-node-red:")) {
                new ImageFromDockerfile(image, false)
                        .withFileFromPath(".", root.resolve("images/node-red"))
                        .withDockerfilePath("Containerfile")
                        .get();
            } else {
                String why = pullOrWhy(image);
                if (why != null) {
                    skipReason = why;
                    return List.of();
                }
            }
            Path tar = dir.resolve(image.replaceAll("[^A-Za-z0-9.]+", "_") + ".tar");
            String[] repoTag = splitTag(image);
            try (InputStream in = DockerClientFactory.instance().client().saveImageCmd(repoTag[0])
                    .withTag(repoTag[1]).exec()) {
                Files.copy(in, tar, StandardCopyOption.REPLACE_EXISTING);
            }
            tars.add(tar);
        }
        return tars;
    }

    private void importIntoK3s(Path tar) throws IOException, InterruptedException {
        String inside = "/tmp/" + tar.getFileName();
        k3s.copyFileToContainer(MountableFile.forHostPath(tar), inside);
        Container.ExecResult r = k3s.execInContainer("ctr", "-n", "k8s.io", "images", "import", inside);
        assertThat(r.getExitCode()).as("ctr import %s: %s %s", tar, r.getStdout(), r.getStderr()).isZero();
        k3s.execInContainer("rm", "-f", inside);
    }

    private static String[] splitTag(String image) {
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? new String[] {image.substring(0, colon), image.substring(colon + 1)}
                : new String[] {image, "latest"};
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> status() {
        GenericKubernetesResource lab = kube.genericKubernetesResources("iotlab.dev/v1alpha1", "IotLab")
                .withName(labName).get();
        Object status = lab == null ? null : lab.getAdditionalProperties().get("status");
        return status instanceof Map ? (Map<String, Object>) status : Map.of();
    }

    private String phase() {
        return String.valueOf(status().get("phase"));
    }

    private String labStatus() {
        return "status of " + labName + ": " + status();
    }

    private static Properties pins() {
        Properties p = new Properties();
        try (InputStream in = K3sLabEndToEndTest.class.getResourceAsStream("/e2e.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return p;
    }
}
