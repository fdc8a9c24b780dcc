package dev.iotlab.operator.dependent;

import dev.iotlab.operator.model.Components;
import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;

/**
 * Server-side apply also for ConfigMaps (JOSDK updates them with a full PUT by default): the lab API fills in the data
 * of the lab-progress ConfigMap ({@link dev.iotlab.operator.model.ProgressReport}) and a PUT of the operator's empty
 * desired state would erase it on every change of the lab; with SSA the operator owns only the fields it sets.
 */
@KubernetesDependent(useSSA = BooleanWithUndefined.TRUE,
        informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class ConfigMapsDependent extends LabBulkDependent<ConfigMap> {
    public ConfigMapsDependent() {
        super(ConfigMap.class);
    }

    @Override
    protected List<ConfigMap> desired(Lab lab) {
        return Components.enabled(lab).stream().flatMap(c -> c.configMaps(lab).stream()).toList();
    }
}
