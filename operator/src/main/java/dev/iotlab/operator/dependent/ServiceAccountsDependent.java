package dev.iotlab.operator.dependent;

import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.LabAccess;
import dev.iotlab.operator.model.Labels;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class ServiceAccountsDependent extends LabBulkDependent<ServiceAccount> {
    public ServiceAccountsDependent() {
        super(ServiceAccount.class);
    }

    @Override
    protected List<ServiceAccount> desired(Lab lab) {
        return LabAccess.serviceAccounts(lab);
    }
}
