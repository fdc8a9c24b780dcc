package dev.iotlab.operator.reconciler;

import dev.iotlab.operator.config.OperatorConfig;
import dev.iotlab.operator.config.OperatorFactory;
import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.model.TestLabs;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;

/**
 * Runs the operator in this JVM exactly as production configures it ({@link OperatorFactory#create}), with its own
 * client that counts the write requests it sends.
 */
public final class OperatorHarness implements AutoCloseable {
    public static final Path CRD = Path.of("..", "crds", "iotlab.dev_iotlabs.yaml");

    private final KubernetesClient client;
    private final Operator operator;
    private final AtomicLong writes = new AtomicLong();
    private final List<String> writeLog = new CopyOnWriteArrayList<>();
    private final List<String> requestLog = new CopyOnWriteArrayList<>();
    /** The write requests since the last reset, by the id this harness tags them with, and those refused (409). */
    private static final String WRITE_ID = "X-Iotlab-Harness-Write";
    private final Map<String, String> writeRequests = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    public OperatorHarness(Config config, OperatorConfig operatorConfig) {
        this.client = new KubernetesClientBuilder().withConfig(config)
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("count-writes", new Interceptor() {
                    @Override
                    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                        requestLog.add(request.method() + " " + request.uri().getPath());
                        if (!"GET".equals(request.method())) {
                            writes.incrementAndGet();
                            writeLog.add(request.method() + " " + request.uri().getPath());
                            String id = UUID.randomUUID().toString();
                            builder.setHeader(WRITE_ID, id);
                            writeRequests.put(id, request.method() + " " + request.uri().getPath());
                        }
                    }

                    @Override
                    public CompletableFuture<Boolean> afterFailure(BasicBuilder builder, HttpResponse<?> response,
                                                                   RequestTags tags) {
                        String id = response.request().header(WRITE_ID);
                        if (response.code() == 409 && id != null) {
                            refused.add(id);
                        }
                        return CompletableFuture.completedFuture(false);
                    }
                }))
                .build();
        IotLabReconciler reconciler = new IotLabReconciler(operatorConfig.toSettings(), Clock.systemUTC(),
                new ReconcileMetrics(metrics));
        this.operator = OperatorFactory.create(client, operatorConfig, reconciler);
        operator.start();
    }

    /** The operator as production runs it, on a test control plane, one replica (no leader election). */
    public static OperatorHarness start(dev.iotlab.operator.controlplane.ControlPlane controlPlane) {
        return start(controlPlane, testConfig());
    }

    public static OperatorHarness start(dev.iotlab.operator.controlplane.ControlPlane controlPlane,
                                        OperatorConfig config) {
        return new OperatorHarness(controlPlane.adminConfig(), config);
    }

    public static OperatorConfig testConfig() {
        OperatorConfig config = new OperatorConfig();
        config.setLeaderElection(false);
        config.setUseSsa(true);
        return config;
    }

    /** Applies the checked-in CRD and waits until the API server serves it. */
    public static void installCrd(KubernetesClient admin) throws Exception {
        try (InputStream in = new FileInputStream(CRD.toFile())) {
            CustomResourceDefinition crd = admin.apiextensions().v1().customResourceDefinitions().load(in).item();
            admin.resource(crd).forceConflicts().serverSideApply();
            admin.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                    .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions() != null
                            && c.getStatus().getConditions().stream().anyMatch(
                                    cond -> "Established".equals(cond.getType()) && "True".equals(cond.getStatus())),
                            60, TimeUnit.SECONDS);
        }
    }

    /** Server-side applies an IotLab, as `kubectl apply --server-side` would. */
    public static IotLab applyLab(KubernetesClient admin, String name, String spec) {
        return admin.resource(TestLabs.toApply(name, spec)).forceConflicts().serverSideApply();
    }

    /**
     * Stands in for the kubelet: waits for at least expectedPods Pods in the namespace and makes every one Running
     * and Ready, from which the controllers compute the Deployments' readiness as in a real cluster.
     */
    public static void markPodsReady(KubernetesClient admin, String ns, int expectedPods) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<io.fabric8.kubernetes.api.model.Pod> pods = admin.pods().inNamespace(ns).list().getItems();
            org.assertj.core.api.Assertions.assertThat(pods).hasSizeGreaterThanOrEqualTo(expectedPods);
            pods.forEach(p -> setReady(admin, ns, p));
        });
    }

    private static void setReady(KubernetesClient admin, String ns, io.fabric8.kubernetes.api.model.Pod pod) {
        String now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        admin.pods().inNamespace(ns).withName(pod.getMetadata().getName()).editStatus(p -> {
            p.getStatus().setPhase("Running");
            p.getStatus().setConditions(List.of(
                    new io.fabric8.kubernetes.api.model.PodCondition(now, null, now, null, null, "True", "Ready"),
                    new io.fabric8.kubernetes.api.model.PodCondition(now, null, now, null, null, "True",
                            "ContainersReady")));
            return p;
        });
    }

    /** The operator's own client (its requests are the ones logged). */
    KubernetesClient client() {
        return client;
    }

    /** How many reconciles this operator has finished (its iotlab.reconcile.duration timer). */
    public long reconciles() {
        return metrics.get("iotlab.reconcile.duration").timer().count();
    }

    /**
     * Waits until this operator has finished {@code labs} reconciles (a restarted one reconciles every lab once), then
     * until it has sent no request for one {@code quiet} interval (a status patch follows the reconcile it belongs to).
     */
    public void awaitResynced(long labs, Duration quiet, Duration atMost) {
        Awaitility.await().atMost(atMost).until(() -> reconciles() >= labs);
        int[] seen = {-1};
        Awaitility.await().atMost(atMost).pollInterval(quiet).until(() -> {
            int now = requestLog.size();
            boolean still = now == seen[0];
            seen[0] = now;
            return still;
        });
    }

    public long writes() {
        return writes.get();
    }

    public List<String> writeLog() {
        return List.copyOf(writeLog);
    }

    /**
     * The write requests the API server accepted: {@link #writeLog} without those it refused with 409 Conflict (a
     * write from a cache that lagged behind the server; JOSDK retries it, and it changed nothing).
     */
    public List<String> acceptedWriteLog() {
        // By request, not by text: a refusal may arrive after a reset for a request sent before it.
        synchronized (writeRequests) {
            return writeRequests.entrySet().stream().filter(w -> !refused.contains(w.getKey()))
                    .map(Map.Entry::getValue).toList();
        }
    }

    /** Every request the operator sent (method and path), reads included, since the last {@link #resetWrites}. */
    public List<String> requestLog() {
        return List.copyOf(requestLog);
    }

    public void resetWrites() {
        writes.set(0);
        writeLog.clear();
        requestLog.clear();
        writeRequests.clear();
        refused.clear();
    }

    @Override
    public void close() {
        operator.stop();
        client.close();
    }
}
