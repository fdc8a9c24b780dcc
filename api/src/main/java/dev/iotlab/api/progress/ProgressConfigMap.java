package dev.iotlab.api.progress;

import dev.iotlab.contract.ProgressContract;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the progress report in the lab's ConfigMap (made empty by the operator, which copies it into the IotLab
 * status). One JSON merge patch of its data when the report changed, nothing otherwise: an idle lab writes nothing.
 * The API's ServiceAccount may get and patch this one object only; in-cluster configuration comes from the
 * ServiceAccount mount (fabric8's auto-configuration), in tests from iotlab.progress.kubernetes.*.
 */
@Singleton
public class ProgressConfigMap {
    public static final String KEY = ProgressContract.KEY;
    static final String FIELD_MANAGER = "iotlab-api";
    private static final Logger LOG = LoggerFactory.getLogger(ProgressConfigMap.class);

    private final String name;
    private final Config config;
    private KubernetesClient client;
    private String written;
    private boolean warned;

    public ProgressConfigMap(ProgressSettings settings,
                             @Nullable @Value("${iotlab.progress.kubernetes.master-url:}") String masterUrl,
                             @Nullable @Value("${iotlab.progress.kubernetes.token:}") String token,
                             @Nullable @Value("${iotlab.progress.kubernetes.ca-data:}") String caData,
                             @Nullable @Value("${iotlab.progress.kubernetes.namespace:}") String namespace) {
        this.name = settings.configMap();
        if (name == null) {
            config = null;
            LOG.info("Progress: no IOTLAB_PROGRESS_CONFIGMAP, the report is only served at GET /progress");
        } else if (masterUrl != null && !masterUrl.isBlank()) {
            config = new ConfigBuilder(Config.empty()).withMasterUrl(masterUrl).withOauthToken(token)
                    .withCaCertData(caData).withNamespace(namespace).build();
        } else {
            config = Config.autoConfigure(null);
        }
    }

    public boolean enabled() {
        return name != null;
    }

    /** The report last kept there (by this or an earlier run of the API), or empty. */
    public synchronized Optional<String> current() {
        if (!enabled()) {
            return Optional.empty();
        }
        if (written == null) {
            try {
                ConfigMap cm = client().configMaps().withName(name).get();
                written = cm == null || cm.getData() == null ? "" : cm.getData().getOrDefault(KEY, "");
            } catch (KubernetesClientException e) {
                warnOnce("read", e);
                return Optional.empty();
            }
        }
        return written.isEmpty() ? Optional.empty() : Optional.of(written);
    }

    /** Writes the report if it differs from what is there; true when a write was made. */
    public synchronized boolean keep(String report) {
        if (!enabled() || report.equals(current().orElse(null))) {
            return false;
        }
        try {
            client().configMaps().withName(name).patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE)
                    .withFieldManager(FIELD_MANAGER).build(), new ConfigMapBuilder().withData(Map.of(KEY, report))
                    .build());
            written = report;
            warned = false;
            return true;
        } catch (KubernetesClientException e) {
            warnOnce("write", e);
            return false;
        }
    }

    private KubernetesClient client() {
        if (client == null) {
            client = new KubernetesClientBuilder().withConfig(config).build();
        }
        return client;
    }

    private void warnOnce(String what, KubernetesClientException e) {
        if (!warned) {
            warned = true;
            LOG.warn("Progress: cannot {} ConfigMap {} in namespace {} (HTTP {}: {}). The operator makes it and lets "
                    + "the API's ServiceAccount patch it; check that the lab runs an operator of the same version.",
                    what, name, config.getNamespace(), e.getCode(), e.getMessage());
        }
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
