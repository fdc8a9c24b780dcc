package dev.iotlab.operator.dependent;

import dev.iotlab.operator.customresource.IotLab;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/**
 * An object of a lab (or, as {@link LabBulkDependent}, all of one kind); what it creates or updates is noted in
 * {@link LabContext} for the lab's Events.
 */
public abstract class LabDependent<R extends HasMetadata> extends CRUDKubernetesDependentResource<R, IotLab> {

    protected LabDependent(Class<R> type) {
        super(type);
    }

    // create/update, not handleCreate/handleUpdate: JOSDK's bulk reconciler calls these directly.
    @Override
    public R create(R desired, IotLab primary, Context<IotLab> context) {
        return LabContext.created(context, desired, super.create(desired, primary, context));
    }

    @Override
    public R update(R actual, R desired, IotLab primary, Context<IotLab> context) {
        return LabContext.updated(context, desired, super.update(actual, desired, primary, context));
    }
}
