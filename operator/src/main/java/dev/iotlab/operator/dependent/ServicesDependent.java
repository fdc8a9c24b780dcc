package dev.iotlab.operator.dependent;

import dev.iotlab.operator.model.Components;
import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.Labels;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class ServicesDependent extends LabBulkDependent<Service> {
    public ServicesDependent() {
        super(Service.class);
    }

    @Override
    protected List<Service> desired(Lab lab) {
        return Components.enabled(lab).stream().flatMap(c -> c.services(lab).stream()).toList();
    }
}
