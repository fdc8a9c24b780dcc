package dev.iotlab.operator.dependent;

import dev.iotlab.operator.model.Components;
import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.Labels;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import dev.iotlab.operator.customresource.IotLab;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;

/**
 * Data volumes. A disabled component's volume is kept (enable it again and the data is back); deleting the lab
 * deletes its namespace and with it every volume.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class VolumeClaimsDependent extends LabBulkDependent<PersistentVolumeClaim> {
    public VolumeClaimsDependent() {
        super(PersistentVolumeClaim.class);
    }

    @Override
    protected List<PersistentVolumeClaim> desired(Lab lab) {
        return Components.enabled(lab).stream().flatMap(c -> c.volumeClaims(lab).stream()).toList();
    }

    @Override
    public void deleteTargetResource(IotLab primary, PersistentVolumeClaim resource, ResourceID key,
                                     Context<IotLab> context) {
        // Keep the data of a disabled component.
    }
}
