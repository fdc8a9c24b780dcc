package dev.iotlab.operator.model;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.Map;
import java.util.TreeMap;

/**
 * Requests and limits of one container in one profile. Quantities are written in canonical form (as the API server
 * returns them) so a no-op reconcile sees no difference.
 */
public record Sizing(String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {

    /**
     * {@code base} with {@code override} laid over it key by key: an override of only the memory request keeps the
     * base's CPU and limits, and a request raised above the base's limit without a limit of its own raises the limit
     * with it (else the API server refuses the Pod: request above limit).
     */
    public static ResourceRequirements overlay(ResourceRequirements base, ResourceRequirements override) {
        if (override == null) {
            return base;
        }
        Map<String, Quantity> requests = new TreeMap<>(base.getRequests());
        Map<String, Quantity> limits = new TreeMap<>(base.getLimits());
        Map<String, Quantity> overriddenLimits = override.getLimits() == null ? Map.of() : override.getLimits();
        if (override.getRequests() != null) {
            requests.putAll(override.getRequests());
        }
        limits.putAll(overriddenLimits);
        requests.forEach((key, request) -> {
            Quantity limit = limits.get(key);
            if (!overriddenLimits.containsKey(key) && limit != null
                    && request.getNumericalAmount().compareTo(limit.getNumericalAmount()) > 0) {
                limits.put(key, request);
            }
        });
        return new ResourceRequirementsBuilder().withRequests(requests).withLimits(limits).build();
    }

    public ResourceRequirements toRequirements() {
        return new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity(cpuRequest))
                .addToRequests("memory", new Quantity(memoryRequest))
                .addToLimits("cpu", new Quantity(cpuLimit))
                .addToLimits("memory", new Quantity(memoryLimit))
                .build();
    }
}
