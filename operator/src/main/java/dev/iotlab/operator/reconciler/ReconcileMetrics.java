package dev.iotlab.operator.reconciler;

import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.customresource.Phase;
import io.javaoperatorsdk.operator.processing.event.source.Cache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Prometheus metrics of the operator: reconciles, errors, durations and labs by phase. The phase counts are read
 * from the operator's cache of IotLabs when scraped, so deleted labs drop out by themselves.
 */
public class ReconcileMetrics {
    private final Timer duration;
    private final Counter errors;
    private final AtomicReference<Cache<IotLab>> labs = new AtomicReference<>();

    public ReconcileMetrics(MeterRegistry registry) {
        this.duration = Timer.builder("iotlab.reconcile.duration").description("Time of one IotLab reconcile")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.errors = Counter.builder("iotlab.reconcile.errors").description("Reconciles that failed")
                .register(registry);
        for (Phase p : Phase.values()) {
            Gauge.builder("iotlab.labs", labs, cache -> count(cache.get(), p))
                    .tag("phase", p.name()).description("IotLabs by phase").register(registry);
        }
    }

    public static ReconcileMetrics noop() {
        return new ReconcileMetrics(new SimpleMeterRegistry());
    }

    /** The operator's cache of IotLabs, known from the first reconcile on. */
    public void countPhasesOf(Cache<IotLab> cache) {
        labs.compareAndSet(null, cache);
    }

    public <T> T timed(Supplier<T> reconcile) {
        return duration.record(reconcile);
    }

    public void error() {
        errors.increment();
    }

    private static double count(Cache<IotLab> cache, Phase phase) {
        if (cache == null) {
            return 0;
        }
        return cache.list(lab -> lab.getStatus() != null && lab.getStatus().getPhase() == phase).count();
    }
}
