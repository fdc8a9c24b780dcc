package dev.iotlab.operator.model;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;

/** Pod and container security that meets the Kubernetes "restricted" Pod Security Standard. */
public final class PodSecurity {
    public static final String LEVEL = "restricted";

    private PodSecurity() {
    }

    /**
     * A numeric uid is required: the kubelet refuses runAsNonRoot for an image whose USER is a name. fsGroup lets the
     * process write its volume; with a volume, fsGroupChangePolicy OnRootMismatch lets the kubelet skip the
     * recursive chown of every file on each start when the volume's root already has the group (large volumes
     * otherwise start slower every time).
     */
    public static PodSecurityContext pod(long uid, boolean hasVolume) {
        return new PodSecurityContextBuilder()
                .withFsGroupChangePolicy(hasVolume ? "OnRootMismatch" : null)
                .withRunAsNonRoot(true)
                .withRunAsUser(uid)
                .withRunAsGroup(uid)
                .withFsGroup(uid)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    public static SecurityContext container() {
        return new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withRunAsNonRoot(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }
}
