package dev.iotlab.operator.doctor;

import dev.iotlab.operator.doctor.ClusterDoctor.Check;
import dev.iotlab.operator.customresource.Profile;
import dev.iotlab.operator.model.Component;
import dev.iotlab.operator.model.Components;
import dev.iotlab.operator.model.Lab;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Whether the nodes' free allocatable CPU and memory hold N labs of a profile, as the doctor's Capacity line says. */
final class CapacityCheck {
    static final String NAME = "Capacity";

    private CapacityCheck() {
    }

    static Check check(KubernetesClient client, Lab lab, Profile profile, int students) {
        BigDecimal labCpu = BigDecimal.ZERO;
        BigDecimal labMemory = BigDecimal.ZERO;
        for (Component c : Components.ALL) {
            var requests = c.resources(lab).getRequests();
            labCpu = labCpu.add(requests.get("cpu").getNumericalAmount());
            labMemory = labMemory.add(requests.get("memory").getNumericalAmount());
        }
        List<Node> nodes = Lookups.orEmpty(() -> client.nodes().list().getItems()).stream().filter(CapacityCheck::schedulable)
                .toList();
        String perLab = "a " + profile.name().toLowerCase(Locale.ROOT) + " lab requests " + cpu(labCpu) + " CPU and "
                + mebibytes(labMemory) + " memory";
        if (nodes.isEmpty()) {
            return Check.fail(NAME, "no schedulable node", "add nodes; " + perLab);
        }
        BigDecimal freeCpu = BigDecimal.ZERO;
        BigDecimal freeMemory = BigDecimal.ZERO;
        Set<String> names = new java.util.HashSet<>();
        for (Node node : nodes) {
            names.add(node.getMetadata().getName());
            freeCpu = freeCpu.add(allocatable(node, "cpu"));
            freeMemory = freeMemory.add(allocatable(node, "memory"));
        }
        for (Pod pod : Lookups.orEmpty(() -> client.pods().inAnyNamespace().list().getItems())) {
            if (pod.getSpec().getNodeName() == null || !names.contains(pod.getSpec().getNodeName())
                    || "Succeeded".equals(phase(pod)) || "Failed".equals(phase(pod))) {
                continue;
            }
            for (var container : pod.getSpec().getContainers()) {
                var requests = container.getResources() == null ? null : container.getResources().getRequests();
                if (requests != null) {
                    freeCpu = freeCpu.subtract(amount(requests.get("cpu")));
                    freeMemory = freeMemory.subtract(amount(requests.get("memory")));
                }
            }
        }
        long fits = Math.max(0, Math.min(freeCpu.divide(labCpu, 0, RoundingMode.FLOOR).longValue(),
                freeMemory.divide(labMemory, 0, RoundingMode.FLOOR).longValue()));
        String detail = "fits " + fits + " students on " + profile.name().toLowerCase(Locale.ROOT) + "; " + students
                + " requested (" + nodes.size() + " nodes, " + cpu(freeCpu) + " CPU and " + mebibytes(freeMemory)
                + " memory free; " + perLab + ")";
        return fits >= students ? Check.ok(NAME, detail)
                : Check.fail(NAME, detail, "add nodes (" + perLab + "), or split the course");
    }

    private static boolean schedulable(Node node) {
        if (Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            return false;
        }
        return node.getSpec().getTaints() == null || node.getSpec().getTaints().stream().noneMatch(t ->
                ("NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect()))
                        && (t.getKey().equals("node-role.kubernetes.io/control-plane")
                        || t.getKey().equals("node-role.kubernetes.io/master")));
    }

    private static BigDecimal allocatable(Node node, String resource) {
        return node.getStatus() == null || node.getStatus().getAllocatable() == null ? BigDecimal.ZERO
                : amount(node.getStatus().getAllocatable().get(resource));
    }

    private static BigDecimal amount(Quantity q) {
        return q == null ? BigDecimal.ZERO : q.getNumericalAmount();
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    private static String cpu(BigDecimal cores) {
        return cores.multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.FLOOR) + "m";
    }

    private static String mebibytes(BigDecimal bytes) {
        return bytes.divide(BigDecimal.valueOf(1024L * 1024L), 0, RoundingMode.FLOOR) + "Mi";
    }
}
