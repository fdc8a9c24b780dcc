package dev.iotlab.operator.dependent;

import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.model.Lab;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** Hands the reconciler's resolved {@link Lab} to the dependents of the same reconciliation. */
public final class LabContext {
    private static final String KEY = "iotlab.lab";

    private LabContext() {
    }

    public static void put(Context<IotLab> context, Lab lab) {
        context.managedWorkflowAndDependentResourceContext().put(KEY, lab);
    }

    public static Lab get(Context<IotLab> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, Lab.class);
    }
}
