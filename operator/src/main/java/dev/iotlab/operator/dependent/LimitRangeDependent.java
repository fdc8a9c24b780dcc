package dev.iotlab.operator.dependent;

import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.model.Labels;
import dev.iotlab.operator.model.LabQuota;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class LimitRangeDependent extends LabDependent<LimitRange> {
    public LimitRangeDependent() {
        super(LimitRange.class);
    }

    @Override
    protected LimitRange desired(IotLab primary, Context<IotLab> context) {
        return LabQuota.limitRange(LabContext.get(context));
    }
}
