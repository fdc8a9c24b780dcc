package dev.iotlab.operator.dependent;

import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.model.Labels;
import dev.iotlab.operator.model.LabQuota;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class ResourceQuotaDependent extends LabDependent<ResourceQuota> {
    public ResourceQuotaDependent() {
        super(ResourceQuota.class);
    }

    @Override
    protected ResourceQuota desired(IotLab primary, Context<IotLab> context) {
        return LabQuota.resourceQuota(LabContext.get(context));
    }
}
