package dev.iotlab.operator.dependent;

import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.LabAccess;
import dev.iotlab.operator.model.Labels;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class RolesDependent extends LabBulkDependent<Role> {
    public RolesDependent() {
        super(Role.class);
    }

    @Override
    protected List<Role> desired(Lab lab) {
        return LabAccess.roles(lab);
    }
}
