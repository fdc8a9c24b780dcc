package dev.iotlab.operator.bench;

import static org.awaitility.Awaitility.await;

import dev.iotlab.operator.controlplane.ControlPlane;
import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.model.ApiComponent;
import dev.iotlab.operator.model.ProgressReport;
import dev.iotlab.operator.reconciler.OperatorHarness;
import dev.iotlab.operator.reconciler.ProgressStatusTest;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test: `mvn -pl operator verify -Pbench -Dtest=ProgressBenchmark`. N labs on the real control
 * plane; their lab APIs are stood in for by this JVM patching each lab-progress ConfigMap exactly as the API does,
 * with each lab's ServiceAccount token. Per minute: the operator's write requests and the JVM's CPU time (operator
 * and writers) with nothing changing, then with every student active (one new report per
 * lab per minute: the most an active student causes, lastActivity having a 5-minute resolution plus a module
 * change), and the heap after GC. One figure per line, for docs/benchmarks.md.
 */
@Tag("bench")
class ProgressBenchmark {
    static final int LABS = Integer.getInteger("iotlab.bench.labs", 200);
    static final Duration WINDOW = Duration.ofSeconds(60);

    @Test
    void progressOfManyLabs() throws Exception {
        ControlPlane cp = ControlPlane.shared();
        KubernetesClient admin = cp.adminClient();
        OperatorHarness.installCrd(admin);
        OperatorHarness operator = OperatorHarness.start(cp);
        ExecutorService pool = Executors.newFixedThreadPool(8, r -> new Thread(r, "bench-writer"));
        IntStream.range(0, LABS).forEach(i -> pool.submit(() ->
                OperatorHarness.applyLab(admin, "pb-" + i, "student: {name: Student " + i + "}")));
        await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofSeconds(2)).until(() -> admin.configMaps()
                .inAnyNamespace().withField("metadata.name", ProgressReport.NAME).list().getItems().stream()
                .filter(c -> c.getMetadata().getNamespace().startsWith("iotlab-pb-")).count() >= LABS
                && admin.rbac().roleBindings().inAnyNamespace().withField("metadata.name", ApiComponent.SERVICE_ACCOUNT)
                .list().getItems().size() >= LABS);
        List<KubernetesClient> apis = new ArrayList<>();
        for (int i = 0; i < LABS; i++) {
            apis.add(cp.clientForServiceAccount("iotlab-pb-" + i, ApiComponent.SERVICE_ACCOUNT));
        }
        // First report of every lab, then let the operator settle.
        report(apis, pool, 0);
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(2)).until(() ->
                admin.resources(IotLab.class).list().getItems().stream().filter(l -> l.getMetadata().getName()
                        .startsWith("pb-")).filter(l -> l.getStatus() != null && l.getStatus().getProgress() != null)
                        .count() == LABS);
        await().pollDelay(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(30)).until(() -> true);
        System.gc();
        long heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);

        operator.resetWrites();
        long cpu0 = operatorCpuNanos();
        await().pollDelay(WINDOW).atMost(WINDOW.plusSeconds(5)).until(() -> true);
        long idleWrites = operator.writes();
        double idleCpu = (operatorCpuNanos() - cpu0) / 1e9;

        operator.resetWrites();
        long cpu1 = operatorCpuNanos();
        Instant start = Instant.now();
        report(apis, pool, 1); // every lab reports something new within the minute
        await().atMost(Duration.ofMinutes(5)).until(() -> Duration.between(start, Instant.now()).compareTo(WINDOW) >= 0);
        long activeWrites = operator.writes();
        double activeCpu = (operatorCpuNanos() - cpu1) / 1e9;
        System.gc();
        long heapActiveMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
        System.out.printf("BENCH progress labs=%d idle_operator_writes_per_min=%d idle_jvm_cpu_s_per_min=%.2f "
                        + "active_operator_writes_per_min=%d active_jvm_cpu_s_per_min=%.2f "
                        + "active_configmap_writes_per_min=%d heap_after_gc_mb=%d heap_after_active_minute_mb=%d%n",
                LABS, idleWrites, idleCpu, activeWrites, activeCpu, LABS, heapMb, heapActiveMb);
        pool.shutdownNow();
        apis.forEach(KubernetesClient::close);
        operator.close();
    }

    /** One report per lab: labs done + round modules done, spread over the pool. */
    static void report(List<KubernetesClient> apis, ExecutorService pool, int round) throws Exception {
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < apis.size(); i++) {
            int lab = i;
            futures.add(pool.submit(() -> ProgressStatusTest.report(apis.get(lab), "iotlab-pb-" + lab,
                    (lab + round) % 10, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString())));
        }
        for (var f : futures) {
            f.get();
        }
    }

    /**
     * CPU time of this JVM: the operator and the stand-in API writers together (their HTTP threads cannot be told
     * apart), so an upper bound of the operator's own share.
     */
    static long operatorCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
