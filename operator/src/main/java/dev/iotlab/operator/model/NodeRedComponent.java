package dev.iotlab.operator.model;

import static dev.iotlab.operator.model.PodParts.claimVolume;
import static dev.iotlab.operator.model.PodParts.env;
import static dev.iotlab.operator.model.PodParts.httpProbe;
import static dev.iotlab.operator.model.PodParts.secretEnv;

import dev.iotlab.operator.customresource.Endpoint;
import dev.iotlab.operator.customresource.StorageComponentSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;

/** Node-RED (our image: dashboard and InfluxDB nodes, the lab's flows), served under /node-red. */
public final class NodeRedComponent extends SubPathUiComponent {
    public static final String NAME = "node-red";
    public static final String EDITOR_ENDPOINT = "node-red";
    public static final String DASHBOARD_ENDPOINT = "node-red-dashboard";
    public static final int PORT = 1880;
    public static final String PATH = "/node-red";
    public static final String DATA_CLAIM = "node-red-data";

    NodeRedComponent() {
        // Measured here (node-red 4.0 with our flows, dashboard and editor loaded): 135 MB RSS.
        super(NAME, "nodeRed", ours(NAME), 1000, new Sizing("50m", "144Mi", "500m", "384Mi"),
                new Sizing("100m", "256Mi", "1", "768Mi"), PORT, PATH, DATA_CLAIM);
    }

    @Override
    public StorageComponentSpec spec(Lab lab) {
        return lab.components().nodeRedOrDefault();
    }

    @Override
    protected Container container(Lab lab) {
        List<EnvVar> env = new ArrayList<>(List.of(
                env("NODE_RED_HTTP_ROOT", PATH),
                secretEnv(lab, "NODE_RED_ADMIN_USERNAME", CredentialsSecret.NODE_RED_USERNAME),
                secretEnv(lab, "NODE_RED_ADMIN_PASSWORD", CredentialsSecret.NODE_RED_PASSWORD),
                secretEnv(lab, "NODE_RED_CREDENTIAL_SECRET", CredentialsSecret.NODE_RED_CREDENTIAL_SECRET)));
        env.addAll(ServiceClientEnv.mqtt(lab));
        env.addAll(ServiceClientEnv.influxdb(lab));
        return new ContainerBuilder()
                .withName(NAME)
                .addNewPort().withName("http").withContainerPort(PORT).endPort()
                .withEnv(env)
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount()
                .withReadinessProbe(httpProbe(PATH + "/", PORT, 5, 5, 3))
                .withLivenessProbe(httpProbe(PATH + "/", PORT, 30, 10, 6))
                .build();
    }

    @Override
    protected List<Volume> volumes(Lab lab) {
        return List.of(claimVolume("data", DATA_CLAIM));
    }

    @Override
    public List<Endpoint> endpoints(Lab lab) {
        return List.of(endpoint(lab, EDITOR_ENDPOINT, "/"), endpoint(lab, DASHBOARD_ENDPOINT, "/dashboard"));
    }
}
