package dev.iotlab.operator.controlplane;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that runs against the real, JVM-shared {@link ControlPlane} (etcd, kube-apiserver,
 * kube-controller-manager). Tagged {@code control-plane} so a run can leave these out with
 * {@code -DexcludedGroups=control-plane}. Parameters of type {@link ControlPlane} or
 * {@link io.fabric8.kubernetes.client.KubernetesClient} (admin) are injected.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("control-plane")
@ExtendWith(ControlPlaneExtension.class)
public @interface ControlPlaneTest {
}
