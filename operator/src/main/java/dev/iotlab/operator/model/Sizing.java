package dev.iotlab.operator.model;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;

/**
 * Requests and limits of one container in one profile. Quantities are written in canonical form (as the API server
 * returns them) so a no-op reconcile sees no difference.
 */
public record Sizing(String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {

    public ResourceRequirements toRequirements() {
        return new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity(cpuRequest))
                .addToRequests("memory", new Quantity(memoryRequest))
                .addToLimits("cpu", new Quantity(cpuLimit))
                .addToLimits("memory", new Quantity(memoryLimit))
                .build();
    }
}
