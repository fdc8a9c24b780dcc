package dev.iotlab.operator.dependent;

import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.model.CredentialsSecret;
import dev.iotlab.operator.model.Labels;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;

/**
 * Creates the credentials Secret once and never updates it: not on a reconcile, not after an operator restart
 * (the informer finds the existing one). Only Creator, deliberately not Updater.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class CredentialsSecretDependent extends KubernetesDependentResource<Secret, IotLab>
        implements Creator<Secret, IotLab>, GarbageCollected<IotLab> {

    @Override
    protected Secret desired(IotLab primary, Context<IotLab> context) {
        return CredentialsSecret.generate(LabContext.get(context));
    }

    @Override
    public Secret create(Secret desired, IotLab primary, Context<IotLab> context) {
        return LabContext.created(context, desired, super.create(desired, primary, context));
    }

    /** Found by name, without generating new random values just to learn the name. */
    @Override
    protected io.javaoperatorsdk.operator.processing.event.ResourceID targetSecondaryResourceID(IotLab primary,
            Context<IotLab> context) {
        var lab = LabContext.get(context);
        return new io.javaoperatorsdk.operator.processing.event.ResourceID(lab.credentialsSecretName(),
                lab.namespace());
    }
}
