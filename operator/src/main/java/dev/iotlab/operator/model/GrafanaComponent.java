package dev.iotlab.operator.model;

import static dev.iotlab.operator.model.PodParts.claimVolume;
import static dev.iotlab.operator.model.PodParts.configMapVolume;
import static dev.iotlab.operator.model.PodParts.env;
import static dev.iotlab.operator.model.PodParts.httpProbe;
import static dev.iotlab.operator.model.PodParts.secretEnv;

import dev.iotlab.operator.customresource.Endpoint;
import dev.iotlab.operator.customresource.StorageComponentSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Grafana with the lab's InfluxDB (Flux) datasource and our dashboards provisioned from images/grafana, served
 * under /grafana. The datasource reads the token from the environment, so no secret is in a ConfigMap.
 */
public final class GrafanaComponent extends SubPathUiComponent {
    public static final String NAME = "grafana";
    public static final String ENDPOINT = "grafana";
    public static final int PORT = 3000;
    public static final String PATH = "/grafana";
    public static final String DATA_CLAIM = "grafana-data";
    public static final String DATASOURCES = "grafana-datasources";
    public static final String DASHBOARD_PROVIDERS = "grafana-dashboard-providers";
    public static final String DASHBOARDS = "grafana-dashboards";

    GrafanaComponent() {
        // Grafana documents 512 MB as the minimum recommended memory (grafana.com, "Install Grafana"): the limit;
        // the request is what one instructor or student dashboard session needs.
        super(NAME, "grafana", upstream("grafana/grafana:11.6.1"), 472, new Sizing("50m", "112Mi", "500m", "512Mi"),
                new Sizing("100m", "256Mi", "1", "768Mi"), PORT, PATH, DATA_CLAIM);
    }

    @Override
    public StorageComponentSpec spec(Lab lab) {
        return lab.components().grafanaOrDefault();
    }

    @Override
    protected Container container(Lab lab) {
        String rootUrl = lab.externalHost().isPresent()
                ? IngressRoutes.external(lab, PATH + "/", false)
                : "%(protocol)s://%(domain)s:%(http_port)s" + PATH + "/";
        List<EnvVar> env = new ArrayList<>(List.of(
                secretEnv(lab, "GF_SECURITY_ADMIN_USER", CredentialsSecret.GRAFANA_ADMIN_USER),
                secretEnv(lab, "GF_SECURITY_ADMIN_PASSWORD", CredentialsSecret.GRAFANA_ADMIN_PASSWORD),
                env("GF_SERVER_ROOT_URL", rootUrl),
                env("GF_SERVER_SERVE_FROM_SUB_PATH", "true"),
                env("GF_USERS_ALLOW_SIGN_UP", "false"),
                env("GF_AUTH_ANONYMOUS_ENABLED", "false"),
                env("GF_ANALYTICS_REPORTING_ENABLED", "false"),
                env("GF_ANALYTICS_CHECK_FOR_UPDATES", "false"),
                env("GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES", "false"),
                env("GF_NEWS_NEWS_FEED_ENABLED", "false")));
        env.addAll(ServiceClientEnv.influxdb(lab));
        return new ContainerBuilder()
                .withName(NAME)
                .addNewPort().withName("http").withContainerPort(PORT).endPort()
                .withEnv(env)
                .addNewVolumeMount().withName("data").withMountPath("/var/lib/grafana").endVolumeMount()
                .addNewVolumeMount().withName("datasources").withMountPath("/etc/grafana/provisioning/datasources")
                    .withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("dashboard-providers")
                    .withMountPath("/etc/grafana/provisioning/dashboards").withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("dashboards").withMountPath("/var/lib/grafana-dashboards/iotlab")
                    .withReadOnly(true).endVolumeMount()
                .withReadinessProbe(httpProbe("/api/health", PORT, 5, 5, 3))
                .withLivenessProbe(httpProbe("/api/health", PORT, 30, 10, 6))
                .build();
    }

    /** First start: Grafana migrates its database before it answers; minutes on a small CPU share. */
    @Override
    protected Duration startupBudget() {
        return FIRST_START_WITH_SETUP;
    }

    @Override
    protected List<Volume> volumes(Lab lab) {
        return List.of(
                claimVolume("data", DATA_CLAIM),
                configMapVolume("datasources", DATASOURCES),
                configMapVolume("dashboard-providers", DASHBOARD_PROVIDERS),
                configMapVolume("dashboards", DASHBOARDS));
    }

    @Override
    public List<ConfigMap> configMaps(Lab lab) {
        return List.of(
                LabObjects.configMap(lab, DATASOURCES, NAME,
                        BundledContent.directory("images/grafana/provisioning/datasources")),
                LabObjects.configMap(lab, DASHBOARD_PROVIDERS, NAME,
                        BundledContent.directory("images/grafana/provisioning/dashboards")),
                LabObjects.configMap(lab, DASHBOARDS, NAME, BundledContent.directory("images/grafana/dashboards")));
    }

    @Override
    public List<Endpoint> endpoints(Lab lab) {
        return List.of(endpoint(lab, ENDPOINT, "/"));
    }
}
