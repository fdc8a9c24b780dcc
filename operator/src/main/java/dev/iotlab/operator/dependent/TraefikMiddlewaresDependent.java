package dev.iotlab.operator.dependent;

import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.Labels;
import dev.iotlab.operator.model.TraefikMiddlewares;
import dev.iotlab.operator.traefik.Middleware;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;

/** Traefik Middlewares of a lab whose Ingress is Traefik-flavoured; active only where Traefik's CRDs exist. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class TraefikMiddlewaresDependent extends LabBulkDependent<Middleware> {
    public TraefikMiddlewaresDependent() {
        super(Middleware.class);
    }

    @Override
    protected List<Middleware> desired(Lab lab) {
        return TraefikMiddlewares.desired(lab);
    }
}
