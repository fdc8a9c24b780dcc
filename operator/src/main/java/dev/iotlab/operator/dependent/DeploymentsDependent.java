package dev.iotlab.operator.dependent;

import dev.iotlab.operator.model.Components;
import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.Labels;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class DeploymentsDependent extends LabBulkDependent<Deployment> {
    public DeploymentsDependent() {
        super(Deployment.class);
    }

    @Override
    protected List<Deployment> desired(Lab lab) {
        return Components.enabled(lab).stream().map(c -> c.deployment(lab)).toList();
    }
}
