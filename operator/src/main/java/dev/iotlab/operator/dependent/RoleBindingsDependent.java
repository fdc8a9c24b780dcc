package dev.iotlab.operator.dependent;

import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.LabAccess;
import dev.iotlab.operator.model.Labels;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class RoleBindingsDependent extends LabBulkDependent<RoleBinding> {
    public RoleBindingsDependent() {
        super(RoleBinding.class);
    }

    @Override
    protected List<RoleBinding> desired(Lab lab) {
        return LabAccess.roleBindings(lab);
    }
}
