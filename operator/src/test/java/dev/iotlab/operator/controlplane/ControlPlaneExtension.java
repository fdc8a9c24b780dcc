package dev.iotlab.operator.controlplane;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts (once per JVM) the shared {@link ControlPlane} before a test class and injects it, or its admin
 * {@link KubernetesClient}, into test constructors and methods.
 *
 * <p>Where the binaries are missing and cannot be built, every test method is disabled with the reason and the fix,
 * so Surefire counts each as skipped (aborting the class in {@code beforeAll} would make it report "Tests run: 0",
 * hiding the skip). A control plane whose binaries exist but which fails to start fails the class.
 */
public final class ControlPlaneExtension implements ExecutionCondition, BeforeAllCallback, ParameterResolver {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("decided per test method");
        }
        try {
            ControlPlane.shared();
            return ConditionEvaluationResult.enabled("Kubernetes control plane running");
        } catch (ControlPlane.Unavailable e) {
            return ConditionEvaluationResult.disabled("SKIPPED, no Kubernetes control plane: " + e.getMessage());
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        try {
            ControlPlane.shared(); // a failed start fails the class here, with the processes' log tails
        } catch (ControlPlane.Unavailable e) {
            // each test method is disabled with the reason
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ControlPlane.class || type == KubernetesClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ControlPlane controlPlane;
        try {
            controlPlane = ControlPlane.shared();
        } catch (ControlPlane.Unavailable e) {
            return null; // only reached for a constructor of a class whose tests are all disabled
        }
        return parameter.getParameter().getType() == ControlPlane.class ? controlPlane : controlPlane.adminClient();
    }
}
