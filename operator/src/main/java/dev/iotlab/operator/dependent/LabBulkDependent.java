package dev.iotlab.operator.dependent;

import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.model.Lab;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.CRUDKubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.KubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All objects of one kind across the lab's enabled components (e.g. every Deployment). Objects of a component
 * that is disabled are no longer desired and JOSDK deletes them. What it creates or updates is noted as by
 * {@link LabDependent}, whose create/update it inherits (JOSDK's bulk reconciler calls the same methods per object).
 */
public abstract class LabBulkDependent<R extends HasMetadata> extends LabDependent<R>
        implements CRUDKubernetesBulkDependentResource<R, IotLab>, KubernetesBulkDependentResource<R, IotLab> {

    protected LabBulkDependent(Class<R> type) {
        super(type);
    }

    protected abstract List<R> desired(Lab lab);

    @Override
    public Map<ResourceID, R> desiredResources(IotLab primary, Context<IotLab> context) {
        Map<ResourceID, R> result = new LinkedHashMap<>();
        for (R r : desired(LabContext.get(context))) {
            result.put(ResourceID.fromResource(r), r);
        }
        return result;
    }
}
