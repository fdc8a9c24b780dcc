package dev.iotlab.operator.config;

import dev.iotlab.operator.dependent.CrdPresent;
import dev.iotlab.operator.reconciler.IotLabReconciler;
import dev.iotlab.operator.reconciler.ReconcileMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/** The Kubernetes client and the JOSDK operator as beans; the operator is started by {@link OperatorLifecycle}. */
@Factory
public class OperatorFactory {
    public static final String LEASE_NAME = "iotlab-operator";

    @Singleton
    @Bean(preDestroy = "close")
    KubernetesClient kubernetesClient() {
        return new KubernetesClientBuilder().build();
    }

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    ReconcileMetrics reconcileMetrics(MeterRegistry registry) {
        return new ReconcileMetrics(registry);
    }

    @Singleton
    IotLabReconciler reconciler(OperatorConfig config, Clock clock, ReconcileMetrics metrics) {
        return new IotLabReconciler(config.toSettings(), clock, metrics);
    }

    @Singleton
    LeadershipLossPolicy leadershipLossPolicy(OperatorConfig config) {
        return LeadershipLossPolicy.exitingProcess(config.isExitOnLeadershipLoss());
    }

    @Singleton
    Operator operator(KubernetesClient client, OperatorConfig config, IotLabReconciler reconciler,
                      LeadershipLossPolicy policy) {
        return create(client, config, reconciler, policy);
    }

    /** Also used by tests, so they run the operator exactly as production configures it. */
    public static Operator create(KubernetesClient client, OperatorConfig config, IotLabReconciler reconciler) {
        return create(client, config, reconciler, LeadershipLossPolicy.exitingProcess(config.isExitOnLeadershipLoss()));
    }

    public static Operator create(KubernetesClient client, OperatorConfig config, IotLabReconciler reconciler,
                                  LeadershipLossPolicy policy) {
        Operator operator = new Operator(o -> configure(o, client, config, policy));
        operator.register(reconciler);
        return operator;
    }

    private static void configure(ConfigurationServiceOverrider o, KubernetesClient client, OperatorConfig config,
                                  LeadershipLossPolicy policy) {
        CrdPresent.recheckEvery(config.getCrdRecheckInterval());
        o.withKubernetesClient(client)
                .withCloseClientOnStop(false)
                .withConcurrentReconciliationThreads(config.getConcurrentReconciles())
                .withStopOnInformerErrorDuringStartup(false)
                .withUseSSAToPatchPrimaryResource(config.isUseSsa())
                .withSSABasedCreateUpdateMatchForDependentResources(config.isUseSsa());
        if (config.isLeaderElection()) {
            String ns = config.getLeaseNamespace() != null ? config.getLeaseNamespace() : System.getenv("POD_NAMESPACE");
            o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(LEASE_NAME, ns,
                    Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2),
                    config.getLeaderIdentity(), policy.callbacks(), false));
        }
    }
}
