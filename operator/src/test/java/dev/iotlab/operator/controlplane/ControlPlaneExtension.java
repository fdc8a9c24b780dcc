package dev.iotlab.operator.controlplane;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts (once per JVM) the shared {@link ControlPlane} before a test class and injects it, or its admin
 * {@link KubernetesClient}, into test constructors and methods. Where the binaries are missing and cannot be built,
 * the tests are skipped with the reason and the fix; a control plane that exists but fails to start fails them.
 */
public final class ControlPlaneExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        controlPlane();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ControlPlane.class || type == KubernetesClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ControlPlane controlPlane = controlPlane();
        return parameter.getParameter().getType() == ControlPlane.class ? controlPlane : controlPlane.adminClient();
    }

    private static ControlPlane controlPlane() {
        try {
            return ControlPlane.shared();
        } catch (ControlPlane.Unavailable e) {
            Assumptions.abort("SKIPPED, no Kubernetes control plane: " + e.getMessage());
            throw e; // not reached
        }
    }
}
