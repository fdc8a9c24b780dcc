package dev.iotlab.operator.dependent;

import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.model.Lab;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.CRUDKubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.KubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All objects of one kind across the lab's enabled components (e.g. every Deployment). Objects of a component
 * that is disabled are no longer desired and JOSDK deletes them.
 */
public abstract class LabBulkDependent<R extends HasMetadata> extends KubernetesDependentResource<R, IotLab>
        implements CRUDKubernetesBulkDependentResource<R, IotLab>, KubernetesBulkDependentResource<R, IotLab>,
        GarbageCollected<IotLab> {

    protected LabBulkDependent(Class<R> type) {
        super(type);
    }

    protected abstract List<R> desired(Lab lab);

    // create/update, not handleCreate/handleUpdate: JOSDK's bulk reconciler calls these directly.
    @Override
    public R create(R desired, IotLab primary, Context<IotLab> context) {
        return LabContext.created(context, desired, super.create(desired, primary, context));
    }

    @Override
    public R update(R actual, R desired, IotLab primary, Context<IotLab> context) {
        return LabContext.updated(context, desired, super.update(actual, desired, primary, context));
    }

    @Override
    public Map<ResourceID, R> desiredResources(IotLab primary, Context<IotLab> context) {
        Map<ResourceID, R> result = new LinkedHashMap<>();
        for (R r : desired(LabContext.get(context))) {
            result.put(ResourceID.fromResource(r), r);
        }
        return result;
    }
}
