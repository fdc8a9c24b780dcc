package dev.iotlab.operator.dependent;

import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.model.Lab;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Hands the reconciler's resolved {@link Lab} to the dependents of the same reconciliation. */
public final class LabContext {
    private static final String KEY = "iotlab.lab";
    private static final String CHANGES = "iotlab.changes";

    /** An object the workflow created or updated in this reconciliation. */
    public record Change(String verb, String kind, String name) {
        static Change created(HasMetadata o) {
            return new Change("created", o.getKind(), o.getMetadata().getName());
        }

        static Change updated(HasMetadata o) {
            return new Change("updated", o.getKind(), o.getMetadata().getName());
        }

        @Override
        public String toString() {
            return kind + " " + name;
        }
    }

    private LabContext() {
    }

    public static void put(Context<IotLab> context, Lab lab) {
        context.managedWorkflowAndDependentResourceContext().put(KEY, lab);
    }

    /** Notes that the workflow created {@code desired}; returns {@code created} (what the API server answered). */
    static <R extends HasMetadata> R created(Context<IotLab> context, R desired, R created) {
        changed(context, Change.created(desired));
        return created;
    }

    /** Notes that the workflow updated the object to {@code desired}; returns {@code updated}. */
    static <R extends HasMetadata> R updated(Context<IotLab> context, R desired, R updated) {
        changed(context, Change.updated(desired));
        return updated;
    }

    @SuppressWarnings("unchecked")
    static synchronized void changed(Context<IotLab> context, Change change) {
        List<Change> changes = context.managedWorkflowAndDependentResourceContext()
                .get(CHANGES, List.class).orElse(null);
        if (changes == null) {
            changes = new CopyOnWriteArrayList<>();
            context.managedWorkflowAndDependentResourceContext().put(CHANGES, changes);
        }
        changes.add(change);
    }

    /** What the workflow created or updated in this reconciliation, in the order it happened. */
    @SuppressWarnings("unchecked")
    public static List<Change> changes(Context<IotLab> context) {
        return List.copyOf(context.managedWorkflowAndDependentResourceContext().get(CHANGES, List.class)
                .orElse(List.of()));
    }

    public static Lab get(Context<IotLab> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, Lab.class);
    }
}
