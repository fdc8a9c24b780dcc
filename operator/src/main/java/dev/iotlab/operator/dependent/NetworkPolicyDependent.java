package dev.iotlab.operator.dependent;

import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.model.Labels;
import dev.iotlab.operator.model.LabNetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class NetworkPolicyDependent extends LabDependent<NetworkPolicy> {
    public NetworkPolicyDependent() {
        super(NetworkPolicy.class);
    }

    @Override
    protected NetworkPolicy desired(IotLab primary, Context<IotLab> context) {
        return LabNetworkPolicy.desired(LabContext.get(context));
    }
}
