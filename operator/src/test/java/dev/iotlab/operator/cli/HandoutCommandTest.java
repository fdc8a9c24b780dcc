package dev.iotlab.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlab.contract.StudentEnv;
import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.customresource.IotLabStatus;
import dev.iotlab.operator.customresource.Phase;
import dev.iotlab.operator.model.Components;
import dev.iotlab.operator.model.CredentialsSecret;
import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.OperatorSettings;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The instructor's handout, from a cluster (fabric8 mock server, CRUD mode) and from files without one. */
@EnableKubernetesMockClient(crud = true)
class HandoutCommandTest {
    KubernetesClient client;
    KubernetesMockServer server;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static final Path EXAMPLES = Path.of("..", "examples");

    @BeforeEach
    void clear() {
        out.reset();
        err.reset();
    }

    private int run(String stdin, String... args) {
        return HandoutCommand.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                server::createClient); // the command closes its client
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The .env block of one handout as a map. */
    private static Map<String, String> env(String markdown) {
        Matcher m = Pattern.compile("```dotenv\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        assertThat(m.find()).as("a .env block in\n%s", markdown).isTrue();
        return m.group(1).lines().filter(l -> !l.startsWith("#") && l.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
    }

    private IotLab createLab(String yaml, boolean withStatus) {
        IotLab lab = client.getKubernetesSerialization().unmarshal(yaml, IotLab.class);
        lab = client.resource(lab).create();
        Lab model = new Lab(lab, OperatorSettings.defaults(), Instant.now());
        Secret secret = CredentialsSecret.generate(model);
        // what the API server does with stringData
        secret.setData(secret.getStringData().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> java.util.Base64.getEncoder().encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8)))));
        secret.setStringData(null);
        client.resource(secret).create();
        if (withStatus) {
            IotLabStatus status = new IotLabStatus();
            status.setPhase(Phase.Ready);
            status.setMessage("all components ready");
            status.setCredentialsSecret(model.credentialsSecretName());
            status.setEndpoints(Components.enabled(model).stream().flatMap(c -> c.endpoints(model).stream()).toList());
            lab.setStatus(status);
            client.resource(lab).updateStatus();
        }
        return lab;
    }

    private String secretValue(String namespace, String key) {
        Secret s = client.secrets().inNamespace(namespace).withName("lab-credentials").get();
        return new String(java.util.Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }

    @Test
    void clusterModeWritesOneFilePerStudentOfTheCourseWithTheirRealCredentials(@TempDir Path dir) throws Exception {
        createLab("""
                apiVersion: iotlab.dev/v1alpha1
                kind: IotLab
                metadata: {name: alice}
                spec:
                  student: {name: Alice Example, email: alice@example.edu}
                  course: iot101
                """, true);
        createLab("""
                apiVersion: iotlab.dev/v1alpha1
                kind: IotLab
                metadata: {name: bob}
                spec: {student: {name: Bob Builder}, course: iot101}
                """, true);
        createLab("""
                apiVersion: iotlab.dev/v1alpha1
                kind: IotLab
                metadata: {name: zoe}
                spec: {student: {name: Zoe Other}, course: cs202}
                """, true);

        // "handout" itself is stripped by Application; a stray one is refused
        assertThat(run("", "handout", "--course", "iot101", "--out", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("unknown argument handout");
        out.reset();
        err.reset();

        assertThat(run("", "--course", "iot101", "--out", dir.toString())).as(err.toString()).isZero();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("alice.md", "bob.md");
        }
        String alice = Files.readString(dir.resolve("alice.md"));
        assertThat(alice).contains("# IoT lab: Alice Example").contains("alice@example.edu").contains("iot101")
                .contains("Ready");
        Map<String, String> env = env(alice);
        assertThat(env).containsOnlyKeys("MQTT_BROKER", "MQTT_PORT", "MQTT_USERNAME", "MQTT_PASSWORD", "INFLUXDB_URL",
                "INFLUXDB_TOKEN", "INFLUXDB_ORG", "INFLUXDB_BUCKET", "FLASK_API_URL", "API_TOKEN", "GRAFANA_URL",
                "GRAFANA_USER", "GRAFANA_PASSWORD", "NODE_RED_URL", "EMQX_DASHBOARD_URL", "MQTT_WS_URL",
                "NODE_RED_USERNAME", "NODE_RED_PASSWORD");
        assertThat(env).containsEntry("MQTT_BROKER", "localhost").containsEntry("MQTT_PORT", "1883")
                .containsEntry("MQTT_USERNAME", "student")
                .containsEntry("MQTT_PASSWORD", secretValue("iotlab-alice", CredentialsSecret.MQTT_PASSWORD))
                .containsEntry("INFLUXDB_TOKEN", secretValue("iotlab-alice", CredentialsSecret.INFLUXDB_TOKEN))
                .containsEntry("API_TOKEN", secretValue("iotlab-alice", CredentialsSecret.API_TOKEN))
                .containsEntry("GRAFANA_PASSWORD", secretValue("iotlab-alice", CredentialsSecret.GRAFANA_ADMIN_PASSWORD))
                .containsEntry("INFLUXDB_ORG", "iot-org").containsEntry("INFLUXDB_BUCKET", "iot-data")
                .containsEntry("INFLUXDB_URL", "http://localhost:8086")
                .containsEntry("FLASK_API_URL", "http://localhost:5000")
                .containsEntry("GRAFANA_URL", "http://localhost:3000/grafana/")
                .containsEntry("NODE_RED_URL", "http://localhost:1880/node-red/")
                .containsEntry("EMQX_DASHBOARD_URL", "http://localhost:18083/");
        assertThat(env.values()).noneMatch(v -> v.contains("<"));
        assertThat(alice).contains("kubectl -n iotlab-alice port-forward svc/emqx 1883:1883")
                .contains("kubectl -n iotlab-alice port-forward svc/api 5000:5000")
                .contains("kubectl -n iotlab-alice port-forward svc/emqx-dashboard 18083:18083")
                .contains(secretValue("iotlab-alice", CredentialsSecret.NODE_RED_PASSWORD));
        assertThat(env(Files.readString(dir.resolve("bob.md"))).get("MQTT_PASSWORD"))
                .isEqualTo(secretValue("iotlab-bob", CredentialsSecret.MQTT_PASSWORD))
                .isNotEqualTo(env.get("MQTT_PASSWORD"));
    }

    @Test
    void withAnIngressTheUrlsAreExternalAndMqttUsesTheNodePort() {
        createLab("""
                apiVersion: iotlab.dev/v1alpha1
                kind: IotLab
                metadata: {name: carol}
                spec:
                  student: {name: Carol Jones}
                  course: iot101
                  components: {influxdb: {org: school, bucket: sensors}}
                  access:
                    ingress: {host: carol.labs.example.edu, tlsSecretName: labs-tls}
                    mqttServiceType: NodePort
                """, true);
        client.resource(new ServiceBuilder().withNewMetadata().withName("emqx").withNamespace("iotlab-carol")
                .endMetadata().withNewSpec().withType("NodePort").addNewPort().withName("mqtt").withPort(1883)
                .withNodePort(31883).endPort().endSpec().build()).create();

        assertThat(run("", "--lab", "carol")).as(err.toString()).isZero();
        Map<String, String> env = env(stdout());
        assertThat(env).containsEntry("FLASK_API_URL", "https://carol.labs.example.edu/api")
                .containsEntry("GRAFANA_URL", "https://carol.labs.example.edu/grafana/")
                .containsEntry("NODE_RED_URL", "https://carol.labs.example.edu/node-red/")
                .containsEntry("EMQX_DASHBOARD_URL", "https://carol.labs.example.edu/emqx/")
                .containsEntry("MQTT_PORT", "31883")
                .containsEntry("INFLUXDB_ORG", "school").containsEntry("INFLUXDB_BUCKET", "sensors")
                // InfluxDB has no path on the ingress: port-forward
                .containsEntry("INFLUXDB_URL", "http://localhost:8086");
        assertThat(stdout()).contains("wss://carol.labs.example.edu/mqtt")
                .contains("kubectl -n iotlab-carol port-forward svc/influxdb 8086:8086")
                .doesNotContain("port-forward svc/api");
    }

    @Test
    void aLabWithoutStatusYetStillGetsItsEndpointsAndSaysItIsPending() {
        createLab("""
                apiVersion: iotlab.dev/v1alpha1
                kind: IotLab
                metadata: {name: dave}
                spec: {student: {name: Dave Smith}, components: {grafana: {enabled: false}}}
                """, false);
        assertThat(run("", "--all")).as(err.toString()).isZero();
        assertThat(stdout()).contains("Pending").contains("# Grafana is disabled in this lab");
        assertThat(env(stdout())).doesNotContainKey("GRAFANA_URL").containsEntry("FLASK_API_URL",
                "http://localhost:5000");
    }

    @Test
    void unknownCourseOrLabIsAnErrorThatSaysSo() {
        assertThat(run("", "--course", "nope")).isEqualTo(1);
        assertThat(err.toString()).contains("no lab found with spec.course nope");
        err.reset();
        assertThat(run("", "--lab", "ghost")).isEqualTo(1);
        assertThat(err.toString()).contains("no IotLab named ghost");
    }

    @Test
    void fileModeUsesPlaceholdersForSecretsAndNeedsNoCluster() {
        int rc = HandoutCommand.run(new String[] {"-f", EXAMPLES.resolve("course.yaml").toString()},
                new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> { throw new AssertionError("file mode must not connect to a cluster"); });
        assertThat(rc).as(err.toString()).isZero();
        List<String> handouts = List.of(stdout().split("\n---\n"));
        assertThat(handouts).hasSize(3);
        assertThat(handouts.get(0)).contains("# IoT lab: Carol Jones").contains("Secrets are placeholders");
        Map<String, String> env = env(handouts.get(0));
        assertThat(env).containsEntry("MQTT_PASSWORD", "<mqtt-password from Secret iotlab-carol/lab-credentials>")
                .containsEntry("API_TOKEN", "<api-token from Secret iotlab-carol/lab-credentials>")
                .containsEntry("MQTT_BROKER", "localhost");
        assertThat(handouts.get(2)).contains("# Node-RED is disabled in this lab");
        assertThat(env(handouts.get(2))).doesNotContainKey("NODE_RED_URL");
    }

    @Test
    void fileModeWithTheFullExampleShowsItsIngressAndNodePort(@TempDir Path dir) throws Exception {
        assertThat(run("", "-f", EXAMPLES.resolve("full.yaml").toString(), "--out", dir.toString()))
                .as(err.toString()).isZero();
        String bob = Files.readString(dir.resolve("bob.md"));
        assertThat(env(bob)).containsEntry("FLASK_API_URL", "https://bob.labs.example.edu/api")
                .containsEntry("MQTT_WS_URL", "wss://bob.labs.example.edu/mqtt")
                .containsEntry("MQTT_BROKER", "<address of any cluster node>")
                .containsEntry("MQTT_PORT", "<nodePort of Service iotlab-bob/emqx>");
        // every key the workshop expects from a handout, and nothing else
        assertThat(env(bob).keySet()).containsExactlyInAnyOrderElementsOf(Arrays.stream(StudentEnv.values())
                .filter(StudentEnv::fromHandout).map(StudentEnv::name).toList());
    }

    @Test
    void fileModeReadsStdinSkipsOtherObjectsAndRefusesInvalidLabs() {
        String rendered = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: unrelated}
                ---
                apiVersion: iotlab.dev/v1alpha1
                kind: IotLab
                metadata: {name: erin}
                spec: {student: {name: Erin Lee}}
                """;
        assertThat(run(rendered, "-f", "-")).as(err.toString()).isZero();
        assertThat(stdout()).contains("# IoT lab: Erin Lee").doesNotContain("unrelated");

        err.reset();
        assertThat(run("apiVersion: iotlab.dev/v1alpha1\nkind: IotLab\nmetadata: {name: x}\nspec: {profile: huge}\n",
                "-f", "-")).isEqualTo(1);
        assertThat(err.toString()).contains("spec.profile").contains("spec.student");
    }

    @Test
    void usageErrors() {
        assertThat(run("")).isEqualTo(2);
        assertThat(err.toString()).contains("give exactly one of");
        assertThat(run("", "-f", "a.yaml", "--course", "x")).isEqualTo(2);
        assertThat(run("", "-f", "does-not-exist.yaml")).isEqualTo(1);
        assertThat(err.toString()).contains("no such file");
        out.reset();
        assertThat(run("", "--help")).isZero();
        assertThat(stdout()).contains("usage: iotlab-operator handout");
    }
}
