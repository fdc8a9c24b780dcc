package dev.iotlab.operator.bench;

import static org.awaitility.Awaitility.await;

import dev.iotlab.operator.controlplane.ControlPlane;
import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.customresource.Phase;
import dev.iotlab.operator.customresource.Profile;
import dev.iotlab.operator.model.Component;
import dev.iotlab.operator.model.Components;
import dev.iotlab.operator.model.LabQuota;
import dev.iotlab.operator.model.LabResources;
import dev.iotlab.operator.model.TestLabs;
import dev.iotlab.operator.reconciler.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test: `mvn -pl operator verify -Pbench`. Against the real control plane: N labs created at once →
 * seconds until every object of every lab exists; write requests of a restarted operator's resync over N labs that
 * are up to date; operator heap after GC. One figure per line, for docs/benchmarks.md.
 */
@Tag("bench")
class OperatorScaleBenchmark {

    @Test
    void labsCreatedAtOnce() throws Exception {
        printProfileTotals();
        ControlPlane cp = ControlPlane.shared();
        KubernetesClient admin = cp.adminClient();
        OperatorHarness.installCrd(admin);
        int objectsPerLab = LabResources.all(TestLabs.minimal()).size() + 1; // + the credentials Secret
        int done = 0;
        for (int n : List.of(50, 100, 200)) {
            OperatorHarness operator = OperatorHarness.start(cp);
            String prefix = "b" + n + "-";
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            IntStream.range(0, n).forEach(i -> pool.submit(() ->
                    OperatorHarness.applyLab(admin, prefix + i, "student: {name: Student " + i + "}")));
            pool.shutdown();
            int total = done + n;
            await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    admin.apps().deployments().inAnyNamespace().withLabel("iotlab.dev/lab").list().getItems().size() >= total * 6
                            && admin.configMaps().inAnyNamespace().withLabel("iotlab.dev/lab").list().getItems().size() >= total * 4
                            && admin.secrets().inAnyNamespace().withLabel("iotlab.dev/lab").list().getItems().size() >= total);
            double allObjects = (System.nanoTime() - start) / 1e9;
            await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    admin.resources(IotLab.class).list().getItems().stream().filter(l -> l.getMetadata().getName().startsWith(prefix))
                            .filter(l -> l.getStatus() != null && l.getStatus().getPhase() == Phase.Provisioning).count() == n);
            double allStatus = (System.nanoTime() - start) / 1e9;
            System.gc();
            long heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
            operator.close();

            OperatorHarness restarted = OperatorHarness.start(cp);
            // The restarted operator has reconciled every lab once (all are in its first batch), and sent nothing since
            // for a few seconds (a status patch is sent after the reconcile it belongs to).
            restarted.awaitResynced(total, Duration.ofSeconds(5), Duration.ofMinutes(5));
            long resyncWrites = restarted.writes();
            restarted.writeLog().forEach(w -> System.out.println("BENCH resync write: " + w));
            restarted.close();
            System.out.printf("BENCH labs=%d objects_per_lab=%d seconds_until_all_objects=%.1f seconds_until_all_status=%.1f "
                    + "test_jvm_heap_after_gc_mb=%d resync_write_requests_over_%d_labs=%d%n",
                    n, objectsPerLab, allObjects, allStatus, heapMb, total, resyncWrites);
            done = total;
        }
    }

    static void printProfileTotals() {
        for (Profile p : Profile.values()) {
            var lab = TestLabs.lab("student: {name: A}\nprofile: " + p.name().toLowerCase());
            BigDecimal reqCpu = BigDecimal.ZERO, reqMem = BigDecimal.ZERO, limCpu = BigDecimal.ZERO, limMem = BigDecimal.ZERO;
            for (Component c : Components.ALL) {
                var r = c.resources(lab);
                reqCpu = reqCpu.add(r.getRequests().get("cpu").getNumericalAmount());
                reqMem = reqMem.add(r.getRequests().get("memory").getNumericalAmount());
                limCpu = limCpu.add(r.getLimits().get("cpu").getNumericalAmount());
                limMem = limMem.add(r.getLimits().get("memory").getNumericalAmount());
            }
            var hard = LabQuota.resourceQuota(lab).getSpec().getHard();
            System.out.printf("BENCH profile=%s requests_cpu=%s requests_memory_mi=%s limits_cpu=%s limits_memory_mi=%s "
                    + "quota_requests_storage=%s%n", p.name().toLowerCase(), reqCpu.stripTrailingZeros().toPlainString(),
                    reqMem.divide(BigDecimal.valueOf(1024 * 1024)).toBigInteger(), limCpu.stripTrailingZeros().toPlainString(),
                    limMem.divide(BigDecimal.valueOf(1024 * 1024)).toBigInteger(), hard.get("requests.storage"));
        }
    }
}
