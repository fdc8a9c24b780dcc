package dev.iotlab.operator.model;

import dev.iotlab.contract.ProgressContract;
import dev.iotlab.operator.customresource.LabProgress;
import dev.iotlab.operator.customresource.ModuleProgress;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.ArrayList;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How the lab's progress travels from the lab to the operator: the lab's API measures it and keeps it in the
 * ConfigMap {@value #NAME} of its own namespace (key {@value #KEY}); the operator makes that ConfigMap empty,
 * watches it like every ConfigMap it made, and copies what it holds into {@code status.progress}.
 *
 * <p>The operator's server-side apply never sets {@code data}, so it never owns or overwrites what the API wrote.
 * The API's Role may get and patch exactly this object and nothing else ({@link #writerRole}). What is read is
 * bounded and checked ({@link ProgressContract#parse}), because it comes from inside the student's namespace.
 */
public final class ProgressReport {
    public static final String NAME = ProgressContract.CONFIG_MAP;
    public static final String KEY = ProgressContract.KEY;

    private ProgressReport() {
    }

    /** The empty ConfigMap the API fills in. */
    public static ConfigMap configMap(Lab lab) {
        return new ConfigMapBuilder().withMetadata(LabObjects.meta(lab, NAME, ApiComponent.NAME)).build();
    }

    /** get/patch/update on this one ConfigMap: the API cannot create, list or touch anything else. */
    public static Role writerRole(Lab lab, String roleName) {
        return new RoleBuilder().withMetadata(LabObjects.meta(lab, roleName, ApiComponent.NAME))
                .withRules(new PolicyRuleBuilder().withApiGroups("").withResources("configmaps")
                        .withResourceNames(NAME).withVerbs("get", "patch", "update").build())
                .build();
    }

    /** What the ConfigMap says, or empty when it says nothing usable yet (never written, or unreadable). */
    public static Optional<LabProgress> read(ConfigMap configMap) {
        if (configMap == null || configMap.getData() == null) {
            return Optional.empty();
        }
        return ProgressContract.parse(configMap.getData().get(KEY)).map(r -> new LabProgress(r.summary(),
                r.modules().stream().map(m -> new ModuleProgress(m.module(), m.title(), m.done(),
                        new ArrayList<>(m.missing()))).collect(Collectors.toList()), r.lastActivity()));
    }
}
