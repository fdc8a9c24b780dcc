package dev.iotlab.operator.model;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Service;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Caps what one lab may take from the cluster: the sum of its components plus headroom for a rolling update of the
 * largest and the student's own experiments; a LimitRange gives the student's own pods sane defaults.
 */
public final class LabQuota {
    public static final String NAME = "lab-quota";
    public static final String LIMIT_RANGE = "lab-limits";
    /** What a container of the student's own gets when it says nothing (LimitRange defaults). */
    static final Sizing STUDENT_POD_DEFAULT = new Sizing("50m", "64Mi", "500m", "256Mi");
    /** The LimitRange's cap on one container, raised to the largest component when that is larger. */
    static final Quantity MAX_CPU = new Quantity("2");
    static final Quantity MAX_MEMORY = new Quantity("4Gi");
    static final Quantity HEADROOM_STORAGE = new Quantity("2Gi");
    static final int HEADROOM_PODS = 6;

    private LabQuota() {
    }

    /**
     * The sum of every component plus headroom for the largest of them (a rolling update runs its new pod beside
     * the old one) and for one small pod of the student's own.
     */
    public static ResourceQuota resourceQuota(Lab lab) {
        List<Component> components = Components.ALL;
        Totals totals = totals(lab, components);
        Map<String, Quantity> hard = new LinkedHashMap<>();
        hard.put("requests.cpu", canonical(totals.requestsCpu.add(totals.largestRequestsCpu)
                .add(amount(STUDENT_POD_DEFAULT.cpuRequest())), "cpu"));
        hard.put("requests.memory", canonical(totals.requestsMemory.add(totals.largestRequestsMemory)
                .add(amount(STUDENT_POD_DEFAULT.memoryRequest())), "memory"));
        hard.put("limits.cpu", canonical(totals.limitsCpu.add(totals.largestLimitsCpu)
                .add(amount(STUDENT_POD_DEFAULT.cpuLimit())), "cpu"));
        hard.put("limits.memory", canonical(totals.limitsMemory.add(totals.largestLimitsMemory)
                .add(amount(STUDENT_POD_DEFAULT.memoryLimit())), "memory"));
        hard.put("requests.storage", canonical(totals.storage.add(HEADROOM_STORAGE.getNumericalAmount()), "memory"));
        hard.put("persistentvolumeclaims", new Quantity(String.valueOf(totals.claims + 2)));
        hard.put("pods", new Quantity(String.valueOf(components.size() + HEADROOM_PODS)));
        hard.put("services.loadbalancers", new Quantity(String.valueOf(totals.loadBalancers)));
        hard.put("services.nodeports", new Quantity(String.valueOf(totals.nodePorts)));
        return new ResourceQuotaBuilder()
                .withMetadata(LabObjects.meta(lab, NAME, null))
                .withNewSpec().withHard(hard).endSpec()
                .build();
    }

    public static LimitRange limitRange(Lab lab) {
        Totals totals = totals(lab, Components.ALL);
        return new LimitRangeBuilder()
                .withMetadata(LabObjects.meta(lab, LIMIT_RANGE, null))
                .withNewSpec()
                    .addNewLimit()
                        .withType("Container")
                        .addToDefaultRequest("cpu", new Quantity(STUDENT_POD_DEFAULT.cpuRequest()))
                        .addToDefaultRequest("memory", new Quantity(STUDENT_POD_DEFAULT.memoryRequest()))
                        .addToDefault("cpu", new Quantity(STUDENT_POD_DEFAULT.cpuLimit()))
                        .addToDefault("memory", new Quantity(STUDENT_POD_DEFAULT.memoryLimit()))
                        // A component whose limits were overridden above the cap must still be admitted.
                        .addToMax("cpu", canonical(totals.largestLimitsCpu.max(MAX_CPU.getNumericalAmount()), "cpu"))
                        .addToMax("memory", canonical(totals.largestLimitsMemory.max(MAX_MEMORY.getNumericalAmount()),
                                "memory"))
                    .endLimit()
                .endSpec()
                .build();
    }

    /**
     * Sums every component, enabled or not: the quota must not shrink below what a component needs when it is
     * enabled again, and a lab's quota stays the same whatever the student toggles.
     */
    private static Totals totals(Lab lab, List<Component> components) {
        Totals t = new Totals();
        for (Component c : components) {
            ResourceRequirements r = c.resources(lab);
            BigDecimal requestsCpu = amount(r.getRequests(), "cpu");
            BigDecimal requestsMemory = amount(r.getRequests(), "memory");
            BigDecimal limitsCpu = amount(r.getLimits(), "cpu");
            BigDecimal limitsMemory = amount(r.getLimits(), "memory");
            t.requestsCpu = t.requestsCpu.add(requestsCpu);
            t.requestsMemory = t.requestsMemory.add(requestsMemory);
            t.limitsCpu = t.limitsCpu.add(limitsCpu);
            t.limitsMemory = t.limitsMemory.add(limitsMemory);
            t.largestRequestsCpu = t.largestRequestsCpu.max(requestsCpu);
            t.largestRequestsMemory = t.largestRequestsMemory.max(requestsMemory);
            t.largestLimitsCpu = t.largestLimitsCpu.max(limitsCpu);
            t.largestLimitsMemory = t.largestLimitsMemory.max(limitsMemory);
            for (Service service : c.services(lab)) {
                String type = service.getSpec().getType();
                // The API server counts a node port for every port of a LoadBalancer Service too, unless
                // allocateLoadBalancerNodePorts is false; many load balancers (cloud ones) need those node ports.
                boolean allocatesNodePorts = "NodePort".equals(type) || ("LoadBalancer".equals(type)
                        && !Boolean.FALSE.equals(service.getSpec().getAllocateLoadBalancerNodePorts()));
                if (allocatesNodePorts) {
                    t.nodePorts += service.getSpec().getPorts().size();
                }
                if ("LoadBalancer".equals(type)) {
                    t.loadBalancers++;
                }
            }
            for (PersistentVolumeClaim claim : c.volumeClaims(lab)) {
                t.storage = t.storage.add(claim.getSpec().getResources().getRequests().get("storage")
                        .getNumericalAmount());
                t.claims++;
            }
        }
        return t;
    }

    private static BigDecimal amount(String quantity) {
        return new Quantity(quantity).getNumericalAmount();
    }

    private static BigDecimal amount(Map<String, Quantity> quantities, String key) {
        if (quantities == null || quantities.get(key) == null) {
            return BigDecimal.ZERO;
        }
        return quantities.get(key).getNumericalAmount();
    }

    /** Millicores for CPU, Mi for memory: the form the API server keeps, so reconciles compare equal. */
    static Quantity canonical(BigDecimal amount, String kind) {
        if ("cpu".equals(kind)) {
            BigDecimal millis = amount.multiply(BigDecimal.valueOf(1000));
            if (millis.remainder(BigDecimal.valueOf(1000)).signum() == 0) {
                return new Quantity(millis.divide(BigDecimal.valueOf(1000)).toBigInteger().toString());
            }
            return new Quantity(millis.toBigInteger() + "m");
        }
        BigDecimal mi = amount.divide(BigDecimal.valueOf(1024L * 1024L));
        BigDecimal gi = amount.divide(BigDecimal.valueOf(1024L * 1024L * 1024L));
        if (gi.stripTrailingZeros().scale() <= 0) {
            return new Quantity(gi.toBigInteger() + "Gi");
        }
        return new Quantity(mi.setScale(0, java.math.RoundingMode.CEILING).toBigInteger() + "Mi");
    }

    private static final class Totals {
        BigDecimal requestsCpu = BigDecimal.ZERO;
        BigDecimal requestsMemory = BigDecimal.ZERO;
        BigDecimal limitsCpu = BigDecimal.ZERO;
        BigDecimal limitsMemory = BigDecimal.ZERO;
        BigDecimal storage = BigDecimal.ZERO;
        BigDecimal largestRequestsCpu = BigDecimal.ZERO;
        BigDecimal largestRequestsMemory = BigDecimal.ZERO;
        BigDecimal largestLimitsCpu = BigDecimal.ZERO;
        BigDecimal largestLimitsMemory = BigDecimal.ZERO;
        int claims;
        int nodePorts;
        int loadBalancers;
    }
}
