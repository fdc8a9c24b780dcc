package dev.iotlab.operator.dependent;

import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.Labels;
import dev.iotlab.operator.model.LabIngress;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class IngressesDependent extends LabBulkDependent<Ingress> {
    public IngressesDependent() {
        super(Ingress.class);
    }

    @Override
    protected List<Ingress> desired(Lab lab) {
        return LabIngress.desired(lab);
    }
}
