package dev.iotlab.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlab.contract.ApiConfig;
import dev.iotlab.contract.ProgressContract;
import dev.iotlab.contract.SimulatorConfig;
import dev.iotlab.operator.customresource.InfluxDbSpec;
import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.customresource.SimulatorSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator writes our services' environment, the services read it: for every example and every kind of lab an
 * instructor can write, each rendered Deployment's env goes through that service's own reader (the shared
 * contract the service starts with) and is accepted and equal to what the IotLab asked for.
 */
class ServiceEnvRoundTripTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    static Stream<Arguments> labs() throws IOException {
        List<Arguments> labs = new ArrayList<>();
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (String doc : Files.readString(file).split("(?m)^---\\s*$")) {
                    if (doc.contains("kind: IotLab")) {
                        IotLab lab = Serialization.unmarshal(doc, IotLab.class);
                        labs.add(Arguments.of(file.getFileName() + " " + lab.getMetadata().getName(),
                                new Lab(lab, OperatorSettings.defaults(), TestLabs.NOW)));
                    }
                }
            }
        }
        for (String profile : List.of("small", "standard")) {
            for (Component off : Components.ALL) {
                hidden(labs, "profile: " + profile + "\ncomponents: {" + specKey(off) + ": {enabled: false}}");
            }
            hidden(labs, "profile: " + profile);
        }
        for (String simulator : List.of("{intervalSeconds: 1}", "{intervalSeconds: 3600}",
                "{seed: -9223372036854775808}", "{seed: 9223372036854775807}", "{seed: 0}",
                "{scenario: smart-home}", "{scenario: default, intervalSeconds: 17, seed: 42}",
                "{scenario: smart-home, intervalSeconds: 60}")) {
            hidden(labs, "components: {simulator: " + simulator + "}");
        }
        hidden(labs, "components: {influxdb: {org: physics-dept, bucket: lab-7}}");
        hidden(labs, "namespace: course-x-alice\naccess: {mqttServiceType: NodePort, ingress: {host: a.example.edu}}");
        return labs.stream();
    }

    private static void hidden(List<Arguments> labs, String spec) {
        labs.add(Arguments.of(spec.replace('\n', ' '), TestLabs.lab("student: {name: Alice Example}\n" + spec)));
    }

    private static String specKey(Component c) {
        return c.specKey();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labs")
    void apiReadsWhatTheLabAskedFor(String description, Lab lab) {
        ApiComponent api = Components.API;
        if (!api.enabled(lab)) {
            return;
        }
        Map<String, String> secret = CredentialsSecret.generate(lab).getStringData();
        Container container = container(api.deployment(lab));
        Map<String, String> env = resolve(container, secret);

        ApiConfig read = ApiConfig.fromEnv(env);

        InfluxDbSpec influx = lab.components().influxdbOrDefault();
        assertThat(read.mqttHost()).isEqualTo(lab.serviceHost(EmqxComponent.NAME));
        assertThat(read.mqttPort()).isEqualTo(EmqxComponent.MQTT_PORT);
        assertThat(read.mqttUsername()).isEqualTo(secret.get(CredentialsSecret.MQTT_SERVICE_USERNAME));
        assertThat(read.mqttPassword()).isEqualTo(secret.get(CredentialsSecret.MQTT_SERVICE_PASSWORD));
        assertThat(read.influxUrl()).isEqualTo(InfluxDbComponent.url(lab));
        assertThat(read.influxToken()).isEqualTo(secret.get(CredentialsSecret.INFLUXDB_TOKEN));
        assertThat(read.influxOrg()).isEqualTo(influx.orgOrDefault());
        assertThat(read.influxBucket()).isEqualTo(influx.bucketOrDefault());
        assertThat(read.apiToken()).isEqualTo(secret.get(CredentialsSecret.API_TOKEN)).isNotBlank();
        assertThat(read.authDisabled()).isFalse();
        assertThat(read.port()).isEqualTo(container.getPorts().get(0).getContainerPort())
                .isEqualTo(container.getReadinessProbe().getHttpGet().getPort().getIntVal());
        assertThat(read.dataDir()).isEqualTo(container.getVolumeMounts().get(0).getMountPath());
        // the progress report's settings, read by the API's ProgressSettings
        assertThat(ProgressContract.CONFIG_MAP_SETTING.read(env::get)).isEqualTo(ProgressReport.NAME);
        assertThat(ProgressContract.INTERVAL_SECONDS.read(env::get))
                .isEqualTo(ProgressContract.INTERVAL_SECONDS.defaultValue().orElseThrow());
        if (Components.GRAFANA.enabled(lab)) {
            assertThat(ProgressContract.GRAFANA_URL.read(env::get)).startsWith("http://" + lab.serviceHost(GrafanaComponent.NAME) + ":");
            assertThat(ProgressContract.GRAFANA_USER.read(env::get)).isEqualTo(secret.get(CredentialsSecret.GRAFANA_ADMIN_USER));
            assertThat(ProgressContract.GRAFANA_PASSWORD.read(env::get)).isEqualTo(secret.get(CredentialsSecret.GRAFANA_ADMIN_PASSWORD));
        } else {
            assertThat(ProgressContract.GRAFANA_URL.read(env::get)).isNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labs")
    void simulatorReadsWhatTheLabAskedFor(String description, Lab lab) {
        SimulatorComponent simulator = Components.SIMULATOR;
        if (!simulator.enabled(lab)) {
            return;
        }
        Map<String, String> secret = CredentialsSecret.generate(lab).getStringData();
        Container container = container(simulator.deployment(lab));
        Map<String, String> env = resolve(container, secret);

        SimulatorConfig read = SimulatorConfig.fromEnv(env);

        SimulatorSpec spec = lab.components().simulatorOrDefault();
        InfluxDbSpec influx = lab.components().influxdbOrDefault();
        assertThat(read.mqttHost()).isEqualTo(lab.serviceHost(EmqxComponent.NAME));
        assertThat(read.mqttPort()).isEqualTo(EmqxComponent.MQTT_PORT);
        assertThat(read.mqttUsername()).isEqualTo(secret.get(CredentialsSecret.MQTT_SERVICE_USERNAME));
        assertThat(read.mqttPassword()).isEqualTo(secret.get(CredentialsSecret.MQTT_SERVICE_PASSWORD));
        assertThat(read.influxUrl()).isEqualTo(InfluxDbComponent.url(lab));
        assertThat(read.influxToken()).isEqualTo(secret.get(CredentialsSecret.INFLUXDB_TOKEN));
        assertThat(read.influxOrg()).isEqualTo(influx.orgOrDefault());
        assertThat(read.influxBucket()).isEqualTo(influx.bucketOrDefault());
        // unset in the spec: not sent, so the scenario's own interval and seed apply
        assertThat(read.intervalSeconds()).isEqualTo(spec.getIntervalSeconds());
        assertThat(read.seed()).isEqualTo(spec.getSeed());
        assertThat(read.healthPort()).isEqualTo(container.getPorts().get(0).getContainerPort())
                .isEqualTo(container.getLivenessProbe().getHttpGet().getPort().getIntVal());
        // the scenario file is where the ConfigMap is mounted, and it is the scenario the spec chose
        Path scenario = Path.of(read.scenarioPath());
        assertThat(container.getVolumeMounts().get(0).getMountPath()).isEqualTo(scenario.getParent().toString());
        ConfigMap config = simulator.configMaps(lab).get(0);
        assertThat(config.getData().get(scenario.getFileName().toString()))
                .isEqualTo(BundledContent.directory("scenarios").get(spec.scenarioOrDefault() + ".yaml"));
        // and the simulator's tuning knobs keep their defaults
        assertThat(read.bufferCapacity()).isEqualTo(SimulatorConfig.BUFFER_SIZE.defaultValue().orElseThrow());
    }

    private static Container container(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** The env as the kubelet hands it to the process: literal values, and Secret keys from the lab's Secret. */
    private static Map<String, String> resolve(Container container, Map<String, String> secret) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar e : container.getEnv()) {
            assertThat(env).as("%s set twice", e.getName()).doesNotContainKey(e.getName());
            if (e.getValueFrom() != null) {
                String key = e.getValueFrom().getSecretKeyRef().getKey();
                assertThat(secret).as("Secret key %s of %s", key, e.getName()).containsKey(key);
                env.put(e.getName(), secret.get(key));
            } else {
                env.put(e.getName(), e.getValue());
            }
        }
        return env;
    }
}
