package dev.iotlab.operator.traefik;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Traefik's Middleware (traefik.io/v1alpha1), the part of it the operator writes. Traefik owns the CRD; this class
 * is only its client-side shape, so the CRD generator leaves it out (operator/pom.xml lists the classes it generates).
 */
@Group(Middleware.GROUP)
@Version(Middleware.VERSION)
@Kind("Middleware")
@Plural("middlewares")
@Singular("middleware")
public class Middleware extends CustomResource<MiddlewareSpec, Void> implements Namespaced {
    public static final String GROUP = "traefik.io";
    public static final String VERSION = "v1alpha1";
    /** The CRD Traefik installs; its absence means the cluster has no Traefik CRD provider. */
    public static final String CRD_NAME = "middlewares." + GROUP;
}
