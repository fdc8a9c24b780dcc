package dev.iotlab.operator.model;

import static dev.iotlab.operator.model.PodParts.claimVolume;
import static dev.iotlab.operator.model.PodParts.env;
import static dev.iotlab.operator.model.PodParts.httpProbe;
import static dev.iotlab.operator.model.PodParts.secretEnv;

import dev.iotlab.contract.ApiConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotlab.contract.HomeContract;
import dev.iotlab.contract.ProgressContract;
import dev.iotlab.operator.customresource.ComponentSpec;
import dev.iotlab.operator.customresource.Endpoint;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Our lab REST API (api/): the original Flask contract plus streaming, commands and token auth. */
public final class ApiComponent extends Component {
    public static final String NAME = "api";
    public static final String ENDPOINT = "api";
    public static final int PORT = ApiConfig.DEFAULT_PORT;
    public static final String DATA_CLAIM = "api-data";
    static final String DATA_DIR = "/data";
    /** The API's identity: it may keep the lab's progress report ({@link ProgressReport}) and do nothing else. */
    public static final String SERVICE_ACCOUNT = "lab-api";
    private static final ObjectMapper JSON = new ObjectMapper();

    ApiComponent() {
        // Measured here (our jar, serial GC, broker connected): 206 MB RSS. The image's JVM flags cap heap (40 %),
        // metaspace and code cache so the JVM stays inside the limit (JvmFlagsFitLimitsTest).
        super(NAME, "api", ours(NAME), 65532, new Sizing("50m", "224Mi", "500m", "384Mi"),
                new Sizing("100m", "256Mi", "1", "512Mi"));
    }

    @Override
    public ComponentSpec spec(Lab lab) {
        return lab.components().apiOrDefault();
    }

    @Override
    protected Container container(Lab lab) {
        List<EnvVar> env = new ArrayList<>(ServiceClientEnv.mqtt(lab));
        env.addAll(ServiceClientEnv.influxdb(lab));
        env.add(env(ApiConfig.PORT, PORT));
        env.add(secretEnv(lab, ApiConfig.API_TOKEN, CredentialsSecret.API_TOKEN));
        env.add(env(ApiConfig.DATA_DIR, DATA_DIR));
        env.add(env(ProgressContract.CONFIG_MAP_SETTING, ProgressReport.NAME));
        if (Components.GRAFANA.enabled(lab)) {
            // Module 6 and 10 evidence (dashboards, alert rules) is read from Grafana's HTTP API.
            env.add(env(ProgressContract.GRAFANA_URL, "http://" + lab.serviceHost(GrafanaComponent.NAME) + ":"
                    + GrafanaComponent.PORT + GrafanaComponent.PATH));
            env.add(secretEnv(lab, ProgressContract.GRAFANA_USER, CredentialsSecret.GRAFANA_ADMIN_USER));
            env.add(secretEnv(lab, ProgressContract.GRAFANA_PASSWORD, CredentialsSecret.GRAFANA_ADMIN_PASSWORD));
        }
        // The student's home page at / of the lab's host: its links and health line, and the .env after sign-in.
        env.add(env(HomeContract.LAB_ENDPOINTS, endpointsJson(lab)));
        env.add(env(HomeContract.STUDENT_CREDENTIALS_DIR, HomeContract.DEFAULT_CREDENTIALS_DIR));
        return new ContainerBuilder()
                .withName(NAME)
                .addNewPort().withName("http").withContainerPort(PORT).endPort()
                .withEnv(env)
                .addNewVolumeMount().withName("data").withMountPath(DATA_DIR).endVolumeMount()
                .addNewVolumeMount().withName("student-credentials").withMountPath(HomeContract.DEFAULT_CREDENTIALS_DIR)
                    .withReadOnly(true).endVolumeMount()
                .withReadinessProbe(httpProbe("/health", PORT, 5, 5, 3))
                .withLivenessProbe(httpProbe("/livez", PORT, 20, 10, 6))
                .build();
    }

    @Override
    protected List<Volume> volumes(Lab lab) {
        return List.of(claimVolume("data", DATA_CLAIM), new VolumeBuilder().withName("student-credentials")
                .withNewSecret().withSecretName(lab.credentialsSecretName())
                    .withItems(HomeContract.STUDENT_KEYS.stream().map(k -> new KeyToPath(k, null, k)).toList())
                .endSecret().build());
    }

    /** Every endpoint of the lab's enabled components, as in the status (in-cluster and external URLs). */
    static String endpointsJson(Lab lab) {
        List<Map<String, String>> list = new ArrayList<>();
        for (Component c : Components.enabled(lab)) {
            for (Endpoint e : c.endpoints(lab)) {
                Map<String, String> m = new LinkedHashMap<>();
                m.put("name", e.getName());
                m.put("internal", e.getInternal());
                if (e.getExternal() != null) {
                    m.put("external", e.getExternal());
                }
                list.add(m);
            }
        }
        try {
            return JSON.writeValueAsString(list);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The device registry survives a restart of the pod, not only of the container. */
    @Override
    public List<PersistentVolumeClaim> volumeClaims(Lab lab) {
        return dataClaim(lab, DATA_CLAIM, null, "128Mi");
    }

    @Override
    public List<ConfigMap> configMaps(Lab lab) {
        return List.of(ProgressReport.configMap(lab));
    }

    @Override
    public List<ServiceAccount> serviceAccounts(Lab lab) {
        return List.of(new ServiceAccountBuilder().withMetadata(LabObjects.meta(lab, SERVICE_ACCOUNT, NAME)).build());
    }

    @Override
    public List<Role> roles(Lab lab) {
        return List.of(ProgressReport.writerRole(lab, SERVICE_ACCOUNT));
    }

    @Override
    public List<RoleBinding> roleBindings(Lab lab) {
        return List.of(LabAccess.binding(lab, SERVICE_ACCOUNT, NAME));
    }

    @Override
    protected String serviceAccountName(Lab lab) {
        return SERVICE_ACCOUNT;
    }

    @Override
    public List<Service> services(Lab lab) {
        return httpService(lab, PORT);
    }

    @Override
    public List<Endpoint> endpoints(Lab lab) {
        return List.of(new Endpoint(ENDPOINT, "http://" + lab.serviceHost(NAME) + ":" + PORT,
                IngressRoutes.external(lab, "/api", false)));
    }

    /** /api/ for scripts; "/" itself is the student's home page, which the API serves to browsers. */
    @Override
    public List<WebRoute> webRoutes(Lab lab) {
        return List.of(WebRoute.strippedApi("/api", NAME, PORT), WebRoute.home(NAME, PORT));
    }
}
