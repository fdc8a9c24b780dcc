package dev.iotlab.operator.dependent;

import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.LabHttpRoute;
import dev.iotlab.operator.model.Labels;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;

/** The lab's HTTPRoute (none without spec.access.gateway); active only where the Gateway API CRDs exist. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class HttpRoutesDependent extends LabBulkDependent<HTTPRoute> {
    public HttpRoutesDependent() {
        super(HTTPRoute.class);
    }

    @Override
    protected List<HTTPRoute> desired(Lab lab) {
        return LabHttpRoute.desired(lab);
    }
}
