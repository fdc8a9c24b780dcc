package dev.iotlab.operator.bench;

import static org.awaitility.Awaitility.await;

import dev.iotlab.operator.controlplane.ControlPlane;
import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.model.ApiComponent;
import dev.iotlab.operator.model.ProgressReport;
import dev.iotlab.operator.reconciler.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test: {@code mvn -pl operator verify -Pbench -Dtest=ProgressBenchmark}. N labs on the real control
 * plane, the operator in this JVM as production configures it. The lab APIs are stood in for by
 * {@link ProgressWriters}, a child process that patches each lab's progress ConfigMap exactly as the API does, with
 * that lab's ServiceAccount token; being another process, its CPU, threads and heap are not counted as the
 * operator's. In one run, several windows of each kind: <b>baseline</b> (labs exist, no progress report has ever
 * arrived), <b>idle</b> (every lab has progress in its status, nothing changes) and <b>active</b> (every lab reports
 * something new once at the window's start: the most an active student causes per minute). Per window: the
 * operator's write requests, the CPU time of the operator's threads (ThreadMXBean; the threads that existed before
 * the operator started, the admin client's HTTP threads, awaitility's and the benchmark's own are not the operator's:
 * {@link #isBench}), the whole JVM's CPU time (adds GC and JIT), the writers' CPU time; heap after GC before and
 * after status.progress is set. Between windows it waits for real conditions (every status shows the last report;
 * no operator request for a quiet period), never a fixed time. One line per figure, for docs/benchmarks.md.
 */
@Tag("bench")
class ProgressBenchmark {
    static final int LABS = Integer.getInteger("iotlab.bench.labs", 200);
    static final int ROUNDS = Integer.getInteger("iotlab.bench.rounds", 3);
    static final Duration WINDOW = Duration.ofSeconds(Integer.getInteger("iotlab.bench.window.seconds", 60));
    static final Duration QUIET = Duration.ofSeconds(15);
    static final double CALM = 0.02;
    static final Duration CALM_OVER = Duration.ofSeconds(10);
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    static final Pattern HTTP_CLIENT = Pattern.compile("HttpClient-\\d+-");
    static final Pattern POOLED = Pattern.compile("(.*-pool-\\d+)-thread-\\d+");

    /** What one window measured. */
    record Window(String kind, int index, double seconds, long operatorWrites, long reports, double operatorCpuS,
                  double jvmCpuS, double writersCpuS, int operatorThreadsEnded, String load) {
        String line() {
            double perMin = 60 / seconds;
            return String.format("BENCH progress labs=%d window=%s#%d seconds=%.1f operator_writes_per_min=%.0f "
                            + "reports_per_min=%.0f operator_threads_cpu_s_per_min=%.3f jvm_cpu_s_per_min=%.3f "
                            + "writers_cpu_s_per_min=%.3f operator_threads_ended=%d loadavg=%s",
                    LABS, kind, index, seconds, operatorWrites * perMin, reports * perMin, operatorCpuS * perMin,
                    jvmCpuS * perMin, writersCpuS * perMin, operatorThreadsEnded, load);
        }
    }

    @Test
    void progressOfManyLabs() throws Exception {
        ControlPlane cp = ControlPlane.shared();
        KubernetesClient admin = cp.adminClient();
        OperatorHarness.installCrd(admin);
        Set<String> benchThreads = benchThreads(); // the control plane's and admin client's threads, JUnit's
        OperatorHarness operator = OperatorHarness.start(cp);
        createLabs(admin);
        quiet(operator, benchThreads);
        Path labsFile = writeLabsFile(cp);
        Path log = Path.of("target", "progress-writers.log");
        List<Window> windows = new ArrayList<>();
        Map<String, Long> operatorCpuByThread = new TreeMap<>();
        try (ProgressWriters.Child writers = new ProgressWriters.Child(labsFile, log)) {
            Files.delete(labsFile);
            List<Double> heapWithout = heapAfterGcMb();
            for (int i = 1; i <= ROUNDS; i++) {
                windows.add(measure("baseline", i, operator, writers, benchThreads, operatorCpuByThread, null));
                quiet(operator, benchThreads);
            }
            writers.report(0);
            settled(admin, operator, benchThreads, 0);
            List<Double> heapWith = heapAfterGcMb();
            for (int i = 1; i <= ROUNDS; i++) {
                windows.add(measure("idle", i, operator, writers, benchThreads, operatorCpuByThread, null));
                quiet(operator, benchThreads);
                int round = i;
                windows.add(measure("active", i, operator, writers, benchThreads, operatorCpuByThread,
                        () -> writers.report(round)));
                long late = settled(admin, operator, benchThreads, round);
                System.out.printf("BENCH progress active#%d operator_writes_after_window=%d%n", i, late);
            }
            windows.forEach(w -> System.out.println(w.line()));
            System.out.printf("BENCH progress labs=%d heap_after_gc_mb_without_progress=%s "
                    + "heap_after_gc_mb_with_progress=%s%n", LABS, heapWithout, heapWith);
            System.out.println("BENCH progress operator threads by CPU over all windows (s): "
                    + operatorCpuByThread.entrySet().stream()
                    .sorted(Map.Entry.comparingByValue((a, b) -> Long.compare(b, a))).limit(12)
                    .map(e -> e.getKey() + "=" + String.format("%.2f", e.getValue() / 1e9)).collect(Collectors.joining(" ")));
        } finally {
            operator.close();
        }
    }

    /** Modules done that lab reports in that round: a different number each round, so every report is a change. */
    static int modulesDone(int lab, int round) {
        return (lab + round) % 10;
    }

    static void createLabs(KubernetesClient admin) throws Exception {
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8, r -> new Thread(r, "bench-labs-" + n.incrementAndGet()));
        List<Future<?>> applied = new ArrayList<>();
        for (int i = 0; i < LABS; i++) {
            String name = "pb-" + i;
            applied.add(pool.submit(() -> OperatorHarness.applyLab(admin, name, "student: {name: Student}")));
        }
        for (Future<?> f : applied) {
            f.get();
        }
        pool.shutdown();
        await("every lab's progress ConfigMap and the lab API's RoleBinding").atMost(Duration.ofMinutes(20))
                .pollInterval(Duration.ofSeconds(2)).until(() -> admin.configMaps().inAnyNamespace()
                        .withField("metadata.name", ProgressReport.NAME).list().getItems().stream()
                        .filter(c -> c.getMetadata().getNamespace().startsWith("iotlab-pb-")).count() >= LABS
                        && admin.rbac().roleBindings().inAnyNamespace()
                        .withField("metadata.name", ApiComponent.SERVICE_ACCOUNT).list().getItems().stream()
                        .filter(b -> b.getMetadata().getNamespace().startsWith("iotlab-pb-")).count() >= LABS);
    }

    /** apiserver URL, CA, then "namespace token" per lab (tokens of a throwaway control plane, deleted after use). */
    static Path writeLabsFile(ControlPlane cp) throws Exception {
        List<String> lines = new ArrayList<>(List.of(cp.apiServerUrl(),
                Base64.getEncoder().encodeToString(cp.caCertPem().getBytes())));
        for (int i = 0; i < LABS; i++) {
            String ns = "iotlab-pb-" + i;
            lines.add(ns + " " + cp.serviceAccountToken(ns, ApiComponent.SERVICE_ACCOUNT));
        }
        Path file = Files.createTempFile(Path.of("target"), "progress-labs", ".txt");
        return Files.write(file, lines);
    }

    /** One window: counters reset, {@code atStart} run (the writers' round: its reports), then the window's length. */
    static Window measure(String kind, int index, OperatorHarness operator, ProgressWriters.Child writers,
                          Set<String> benchThreads, Map<String, Long> byThread, IntSupplier atStart)
            throws Exception {
        operator.resetWrites();
        Map<Long, Long> cpu0 = operatorThreadCpu(benchThreads);
        long jvm0 = jvmCpuNanos();
        long writers0 = writers.cpuMillis();
        long t0 = System.nanoTime();
        int reports = atStart == null ? 0 : atStart.getAsInt();
        long rest = WINDOW.toNanos() - (System.nanoTime() - t0);
        if (rest > 0) {
            Thread.sleep(rest / 1_000_000); // the measurement window itself, not a wait for anything
        }
        long writes = operator.writes();
        Map<Long, Long> cpu1 = operatorThreadCpu(benchThreads);
        long jvm1 = jvmCpuNanos();
        double seconds = (System.nanoTime() - t0) / 1e9;
        long writers1 = writers.cpuMillis();
        long operatorCpu = 0;
        Map<Long, String> names = threadNames(cpu1.keySet());
        for (var e : cpu1.entrySet()) {
            long delta = e.getValue() - cpu0.getOrDefault(e.getKey(), 0L);
            operatorCpu += delta;
            byThread.merge(names.getOrDefault(e.getKey(), "?").replaceAll("\\d+$", "#"), delta, Long::sum);
        }
        int ended = (int) cpu0.keySet().stream().filter(id -> !cpu1.containsKey(id)).count();
        return new Window(kind, index, seconds, writes, reports, operatorCpu / 1e9, (jvm1 - jvm0) / 1e9,
                (writers1 - writers0) / 1e3, ended, Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }

    /** Waits until every lab's status shows that round's report and the operator has been quiet; late writes. */
    static long settled(KubernetesClient admin, OperatorHarness operator, Set<String> benchThreads, int round) {
        long atWindowEnd = operator.writes();
        await("every lab's status.progress shows round " + round).atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofSeconds(2)).until(() -> admin.resources(IotLab.class).list().getItems()
                        .stream().filter(l -> l.getMetadata().getName().startsWith("pb-"))
                        .filter(l -> l.getStatus() != null && l.getStatus().getProgress() != null
                                && l.getStatus().getProgress().getSummary().equals(
                                        modulesDone(Integer.parseInt(l.getMetadata().getName().substring(3)), round)
                                                + "/10"))
                        .count() == LABS);
        quiet(operator, benchThreads);
        return operator.writes() - atWindowEnd;
    }

    /**
     * Waits until the operator is at rest: no request at all (reads included) for {@link #QUIET}, and its threads used
     * under {@link #CALM} of one core over the last {@link #CALM_OVER} (informer events from the controller manager,
     * e.g. Deployment status, make reconciles that send nothing).
     */
    static void quiet(OperatorHarness operator, Set<String> benchThreads) {
        long[] last = {operator.requestLog().size(), System.nanoTime()};
        ArrayDeque<long[]> cpu = new ArrayDeque<>(); // {time ns, operator threads' CPU ns}
        await("no operator request for " + QUIET + " and its CPU under " + CALM + " of a core")
                .atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    long now = System.nanoTime();
                    int requests = operator.requestLog().size();
                    if (requests != last[0]) {
                        last[0] = requests;
                        last[1] = now;
                    }
                    cpu.addLast(new long[] {now, operatorThreadCpu(benchThreads).values().stream()
                            .mapToLong(Long::longValue).sum()});
                    while (cpu.size() > 1 && now - cpu.peekFirst()[0] > CALM_OVER.toNanos() + 2_000_000_000L) {
                        cpu.removeFirst();
                    }
                    long[] first = cpu.peekFirst();
                    boolean longEnough = now - first[0] >= CALM_OVER.toNanos();
                    double share = (cpu.peekLast()[1] - first[1]) / (double) Math.max(1, now - first[0]);
                    return now - last[1] >= QUIET.toNanos() && longEnough && share < CALM;
                });
    }

    /** Heap used after a full GC, three samples (MB). */
    static List<Double> heapAfterGcMb() {
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            System.gc();
            System.gc();
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            samples.add(Math.round(used / 104_857.6) / 10.0);
        }
        return samples;
    }

    /**
     * What marks a thread as the benchmark's, taken before the operator starts: the id of every live thread (JUnit,
     * the control plane's helpers) as "#id"; the prefix "HttpClient-N-" of every JDK HTTP client then running and
     * the pool ("...-pool-N" of "...-pool-N-thread-M") of every pooled thread then running: the admin client's
     * pools, whose threads come and go later under the same pool name.
     */
    static Set<String> benchThreads() {
        Set<String> marks = new HashSet<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null) {
                marks.add("#" + info.getThreadId());
                Matcher client = HTTP_CLIENT.matcher(info.getThreadName());
                if (client.lookingAt()) {
                    marks.add(client.group());
                }
                marks.add(pool(info.getThreadName()));
                marks.remove("");
            }
        }
        return marks;
    }

    static boolean isBench(ThreadInfo info, Set<String> benchThreads) {
        Matcher client = HTTP_CLIENT.matcher(info.getThreadName());
        return benchThreads.contains("#" + info.getThreadId())
                || client.lookingAt() && benchThreads.contains(client.group())
                || benchThreads.contains(pool(info.getThreadName()))
                || info.getThreadName().startsWith("awaitility") || info.getThreadName().startsWith("bench-");
    }

    /** "X-pool-N" for a pool's thread "X-pool-N-thread-M", else "" (never a mark). */
    static String pool(String threadName) {
        Matcher m = POOLED.matcher(threadName);
        return m.matches() ? m.group(1) : "";
    }

    /** CPU ns of every live thread that is the operator's (not {@link #isBench}). */
    static Map<Long, Long> operatorThreadCpu(Set<String> benchThreads) {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null || isBench(info, benchThreads)) {
                continue;
            }
            long t = THREADS.getThreadCpuTime(info.getThreadId());
            if (t >= 0) {
                cpu.put(info.getThreadId(), t);
            }
        }
        return cpu;
    }

    static Map<Long, String> threadNames(Set<Long> ids) {
        Map<Long, String> names = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(ids.stream().mapToLong(Long::longValue).toArray())) {
            if (info != null) {
                names.put(info.getThreadId(), info.getThreadName());
            }
        }
        return names;
    }

    static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
