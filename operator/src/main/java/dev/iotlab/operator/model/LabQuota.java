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
 * Caps what one lab may take from the cluster: the sum of its components plus headroom for a rolling update and
 * the student's own experiments; a LimitRange gives the student's own pods sane defaults.
 */
public final class LabQuota {
    public static final String NAME = "lab-quota";
    public static final String LIMIT_RANGE = "lab-limits";
    /** Room above the components' sum: one extra pod of a rolling update plus a small pod of the student's. */
    static final Quantity HEADROOM_CPU = new Quantity("1");
    static final Quantity HEADROOM_MEMORY = new Quantity("1Gi");
    static final Quantity HEADROOM_STORAGE = new Quantity("2Gi");
    static final int HEADROOM_PODS = 6;

    private LabQuota() {
    }

    public static ResourceQuota resourceQuota(Lab lab) {
        List<Component> components = Components.ALL;
        Totals totals = totals(lab, components);
        Map<String, Quantity> hard = new LinkedHashMap<>();
        hard.put("requests.cpu", canonical(totals.requestsCpu.add(HEADROOM_CPU.getNumericalAmount()), "cpu"));
        hard.put("requests.memory", canonical(totals.requestsMemory.add(HEADROOM_MEMORY.getNumericalAmount()), "memory"));
        hard.put("limits.cpu", canonical(totals.limitsCpu.add(HEADROOM_CPU.getNumericalAmount()), "cpu"));
        hard.put("limits.memory", canonical(totals.limitsMemory.add(HEADROOM_MEMORY.getNumericalAmount()), "memory"));
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
        return new LimitRangeBuilder()
                .withMetadata(LabObjects.meta(lab, LIMIT_RANGE, null))
                .withNewSpec()
                    .addNewLimit()
                        .withType("Container")
                        .addToDefaultRequest("cpu", new Quantity("50m"))
                        .addToDefaultRequest("memory", new Quantity("64Mi"))
                        .addToDefault("cpu", new Quantity("500m"))
                        .addToDefault("memory", new Quantity("256Mi"))
                        .addToMax("cpu", new Quantity("2"))
                        .addToMax("memory", new Quantity("4Gi"))
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
            t.requestsCpu = t.requestsCpu.add(amount(r.getRequests(), "cpu"));
            t.requestsMemory = t.requestsMemory.add(amount(r.getRequests(), "memory"));
            t.limitsCpu = t.limitsCpu.add(amount(r.getLimits(), "cpu"));
            t.limitsMemory = t.limitsMemory.add(amount(r.getLimits(), "memory"));
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
        int claims;
        int nodePorts;
        int loadBalancers;
    }
}
