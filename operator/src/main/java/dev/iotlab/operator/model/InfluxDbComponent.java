package dev.iotlab.operator.model;

import static dev.iotlab.operator.model.PodParts.claimVolume;
import static dev.iotlab.operator.model.PodParts.emptyDirVolume;
import static dev.iotlab.operator.model.PodParts.env;
import static dev.iotlab.operator.model.PodParts.httpProbe;
import static dev.iotlab.operator.model.PodParts.secretEnv;

import dev.iotlab.operator.customresource.Endpoint;
import dev.iotlab.operator.customresource.InfluxDbSpec;
import dev.iotlab.operator.customresource.Profile;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import java.time.Duration;
import java.util.List;

/** InfluxDB 2: set up on first start with the lab's org, bucket, retention and admin token; data on a volume. */
public final class InfluxDbComponent extends Component {
    public static final String NAME = "influxdb";
    public static final String ENDPOINT = "influxdb";
    public static final int PORT = 8086;
    public static final String DATA_CLAIM = "influxdb-data";

    InfluxDbComponent() {
        // Measured here (influxd 2.7.11, cache capped at 64 MiB): 115 MB idle after setup, 186 MB after 311,040 points
        // (six devices every 5 s for three days) and a three-day aggregateWindow query. docs/benchmarks.md.
        super(NAME, "influxdb", upstream("influxdb:2.7.11"), 1000, new Sizing("100m", "176Mi", "1", "512Mi"),
                new Sizing("250m", "384Mi", "2", "1536Mi"));
    }

    @Override
    public InfluxDbSpec spec(Lab lab) {
        return lab.components().influxdbOrDefault();
    }

    public static String url(Lab lab) {
        return "http://" + lab.serviceHost(NAME) + ":" + PORT;
    }

    @Override
    protected Container container(Lab lab) {
        InfluxDbSpec spec = spec(lab);
        return new ContainerBuilder()
                .withName(NAME)
                .addNewPort().withName("http").withContainerPort(PORT).endPort()
                .withEnv(
                        env("DOCKER_INFLUXDB_INIT_MODE", "setup"),
                        secretEnv(lab, "DOCKER_INFLUXDB_INIT_USERNAME", CredentialsSecret.INFLUXDB_USERNAME),
                        secretEnv(lab, "DOCKER_INFLUXDB_INIT_PASSWORD", CredentialsSecret.INFLUXDB_PASSWORD),
                        secretEnv(lab, "DOCKER_INFLUXDB_INIT_ADMIN_TOKEN", CredentialsSecret.INFLUXDB_TOKEN),
                        env("DOCKER_INFLUXDB_INIT_ORG", spec.orgOrDefault()),
                        env("DOCKER_INFLUXDB_INIT_BUCKET", spec.bucketOrDefault()),
                        env("DOCKER_INFLUXDB_INIT_RETENTION", retentionForInit(spec.retentionOrDefault())),
                        env("INFLUXD_REPORTING_DISABLED", "true"),
                        // The cache defaults to 1 GiB per shard, above the container's limit: capped by profile.
                        env("INFLUXD_STORAGE_CACHE_MAX_MEMORY_SIZE", lab.profile() == Profile.STANDARD ? "256m" : "64m"),
                        env("INFLUXD_STORAGE_CACHE_SNAPSHOT_MEMORY_SIZE", lab.profile() == Profile.STANDARD ? "25m" : "8m"))
                .addNewVolumeMount().withName("data").withMountPath("/var/lib/influxdb2").endVolumeMount()
                .addNewVolumeMount().withName("config").withMountPath("/etc/influxdb2").endVolumeMount()
                .withReadinessProbe(httpProbe("/health", PORT, 5, 5, 3))
                .withLivenessProbe(httpProbe("/ping", PORT, 30, 10, 6))
                .build();
    }

    /** The image's setup takes an empty retention for "forever". */
    private static String retentionForInit(String retention) {
        return "0".equals(retention) || "infinite".equals(retention) ? "" : retention;
    }

    /** First start: the image's setup (org, bucket, token) runs before it answers; minutes on a small CPU share. */
    @Override
    protected Duration startupBudget() {
        return FIRST_START_WITH_SETUP;
    }

    @Override
    protected List<Volume> volumes(Lab lab) {
        return List.of(
                claimVolume("data", DATA_CLAIM),
                emptyDirVolume("config"));
    }

    @Override
    public List<PersistentVolumeClaim> volumeClaims(Lab lab) {
        return dataClaim(lab, DATA_CLAIM, spec(lab), lab.profile() == Profile.STANDARD ? "5Gi" : "2Gi");
    }

    @Override
    public List<Service> services(Lab lab) {
        return httpService(lab, PORT);
    }

    @Override
    public List<Endpoint> endpoints(Lab lab) {
        return List.of(new Endpoint(ENDPOINT, url(lab), null));
    }
}
