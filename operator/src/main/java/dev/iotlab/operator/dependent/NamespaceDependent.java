package dev.iotlab.operator.dependent;

import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.model.Labels;
import dev.iotlab.operator.model.LabNamespace;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class NamespaceDependent extends LabDependent<Namespace> {
    public NamespaceDependent() {
        super(Namespace.class);
    }

    @Override
    protected Namespace desired(IotLab primary, Context<IotLab> context) {
        return LabNamespace.desired(LabContext.get(context));
    }
}
