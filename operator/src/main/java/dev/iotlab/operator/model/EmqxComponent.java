package dev.iotlab.operator.model;

import static dev.iotlab.operator.model.PodParts.claimVolume;
import static dev.iotlab.operator.model.PodParts.emptyDirVolume;
import static dev.iotlab.operator.model.PodParts.configMapVolume;
import static dev.iotlab.operator.model.PodParts.env;
import static dev.iotlab.operator.model.PodParts.httpProbe;
import static dev.iotlab.operator.model.PodParts.optionalSecretEnv;
import static dev.iotlab.operator.model.PodParts.secretEnv;
import static dev.iotlab.operator.model.PodParts.tcpProbe;

import dev.iotlab.contract.ClientEnv;
import dev.iotlab.operator.customresource.Profile;
import dev.iotlab.operator.customresource.StorageComponentSpec;
import dev.iotlab.operator.customresource.Endpoint;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.List;
import java.util.Map;

/** EMQX MQTT broker: TCP 1883 and WebSocket 8083 for students, the dashboard on 18083; users from the lab Secret. */
public final class EmqxComponent extends Component {
    public static final String NAME = "emqx";
    public static final String MQTT_ENDPOINT = "mqtt";
    public static final String WEBSOCKET_ENDPOINT = "mqtt-websocket";
    public static final String DASHBOARD_ENDPOINT = "emqx-dashboard";
    public static final String DASHBOARD_SERVICE = "emqx-dashboard";
    public static final int MQTT_PORT = ClientEnv.DEFAULT_MQTT_PORT;
    public static final String MQTT_PORT_NAME = "mqtt";
    public static final int WS_PORT = 8083;
    public static final int DASHBOARD_PORT = 18083;
    public static final String CONFIG = "emqx-config";
    public static final String DATA_CLAIM = "emqx-data";

    EmqxComponent() {
        // EMQX documents 512 MB as the minimum memory of a node (docs.emqx.com, "Installation and Migration"): the
        // limit is above it; the request is what one idle single-node broker with a few clients holds.
        super(NAME, "emqx", upstream("emqx/emqx:5.8.6"), 1000, new Sizing("100m", "224Mi", "1", "768Mi"),
                new Sizing("250m", "512Mi", "2", "1536Mi"));
    }

    @Override
    public StorageComponentSpec spec(Lab lab) {
        return lab.components().emqxOrDefault();
    }

    @Override
    protected Container container(Lab lab) {
        return new ContainerBuilder()
                .withName(NAME)
                .addNewPort().withName("mqtt").withContainerPort(MQTT_PORT).endPort()
                .addNewPort().withName("ws").withContainerPort(WS_PORT).endPort()
                .addNewPort().withName("dashboard").withContainerPort(DASHBOARD_PORT).endPort()
                .withEnv(
                        env("EMQX_NODE__NAME", "emqx@127.0.0.1"),
                        secretEnv(lab, "EMQX_DASHBOARD__DEFAULT_USERNAME", CredentialsSecret.EMQX_DASHBOARD_USERNAME),
                        secretEnv(lab, "EMQX_DASHBOARD__DEFAULT_PASSWORD", CredentialsSecret.EMQX_DASHBOARD_PASSWORD),
                        // Optional: a Secret made before this key existed keeps the cookie of emqx.conf.
                        optionalSecretEnv(lab, "EMQX_NODE__COOKIE", CredentialsSecret.EMQX_NODE_COOKIE))
                .addNewVolumeMount().withName("config").withMountPath("/opt/emqx/etc/emqx.conf")
                    .withSubPath("emqx.conf").withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("users").withMountPath("/opt/emqx/etc/auth").withReadOnly(true)
                    .endVolumeMount()
                .addNewVolumeMount().withName("data").withMountPath("/opt/emqx/data").endVolumeMount()
                .addNewVolumeMount().withName("log").withMountPath("/opt/emqx/log").endVolumeMount()
                .withReadinessProbe(httpProbe("/status", DASHBOARD_PORT, 5, 5, 3))
                .withLivenessProbe(tcpProbe(MQTT_PORT, 30, 10, 6))
                .build();
    }

    @Override
    protected List<Volume> volumes(Lab lab) {
        return List.of(
                configMapVolume("config", CONFIG),
                new VolumeBuilder().withName("users").withNewSecret().withSecretName(lab.credentialsSecretName())
                        .addNewItem().withKey(CredentialsSecret.EMQX_BOOTSTRAP_USERS).withPath("users.csv").endItem()
                        .endSecret().build(),
                claimVolume("data", DATA_CLAIM),
                emptyDirVolume("log"));
    }

    /**
     * EMQX keeps retained messages, users and rules made in the dashboard, and its cluster state (mnesia) under
     * /opt/emqx/data: on a volume they survive a restart and suspend/resume.
     */
    @Override
    public List<PersistentVolumeClaim> volumeClaims(Lab lab) {
        return dataClaim(lab, DATA_CLAIM, spec(lab), lab.profile() == Profile.STANDARD ? "1Gi" : "256Mi");
    }

    @Override
    public List<ConfigMap> configMaps(Lab lab) {
        return List.of(LabObjects.configMap(lab, CONFIG, NAME,
                Map.of("emqx.conf", BundledContent.text("images/emqx/emqx.conf"))));
    }

    @Override
    public List<Service> services(Lab lab) {
        return List.of(
                LabObjects.service(lab, NAME, NAME, lab.access().mqttServiceTypeOrDefault().name(),
                        List.of(LabObjects.port(MQTT_PORT_NAME, MQTT_PORT), LabObjects.port("ws", WS_PORT))),
                LabObjects.service(lab, DASHBOARD_SERVICE, NAME, "ClusterIP",
                        List.of(LabObjects.port("dashboard", DASHBOARD_PORT))));
    }

    @Override
    public List<Endpoint> endpoints(Lab lab) {
        String host = lab.serviceHost(NAME);
        return List.of(
                new Endpoint(MQTT_ENDPOINT, "mqtt://" + host + ":" + MQTT_PORT, null),
                new Endpoint(WEBSOCKET_ENDPOINT, "ws://" + host + ":" + WS_PORT + "/mqtt",
                        IngressRoutes.external(lab, "/mqtt", true)),
                new Endpoint(DASHBOARD_ENDPOINT, "http://" + lab.serviceHost(DASHBOARD_SERVICE) + ":" + DASHBOARD_PORT + "/",
                        IngressRoutes.external(lab, "/emqx/", false)));
    }

    @Override
    public List<WebRoute> webRoutes(Lab lab) {
        return List.of(WebRoute.websocket("/mqtt", NAME, WS_PORT),
                WebRoute.strippedUi("/emqx", DASHBOARD_SERVICE, DASHBOARD_PORT));
    }
}
