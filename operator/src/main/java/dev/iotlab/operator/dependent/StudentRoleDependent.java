package dev.iotlab.operator.dependent;

import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.model.Labels;
import dev.iotlab.operator.model.StudentAccess;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class StudentRoleDependent extends CRUDKubernetesDependentResource<Role, IotLab> {
    @Override
    protected Role desired(IotLab primary, Context<IotLab> context) {
        return StudentAccess.role(LabContext.get(context));
    }
}
