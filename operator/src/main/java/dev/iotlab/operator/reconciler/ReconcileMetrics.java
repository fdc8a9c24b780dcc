package dev.iotlab.operator.reconciler;

import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.customresource.Phase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Prometheus metrics of the operator: reconciles, errors, durations and labs by phase. */
public class ReconcileMetrics {
    private final Timer duration;
    private final Counter errors;
    private final Map<String, Phase> phases = new ConcurrentHashMap<>();

    public ReconcileMetrics(MeterRegistry registry) {
        this.duration = Timer.builder("iotlab.reconcile.duration").description("Time of one IotLab reconcile")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.errors = Counter.builder("iotlab.reconcile.errors").description("Reconciles that failed")
                .register(registry);
        for (Phase p : Phase.values()) {
            Gauge.builder("iotlab.labs", phases, m -> m.values().stream().filter(p::equals).count())
                    .tag("phase", p.name()).description("IotLabs by phase").register(registry);
        }
    }

    public static ReconcileMetrics noop() {
        return new ReconcileMetrics(new SimpleMeterRegistry());
    }

    public <T> T timed(Supplier<T> reconcile) {
        return duration.record(reconcile);
    }

    public long reconciles() {
        return duration.count();
    }

    public void error() {
        errors.increment();
    }

    public void phaseChanged(IotLab lab, Phase phase) {
        phases.put(lab.getMetadata().getName(), phase);
    }

    public void forget(String labName) {
        phases.remove(labName);
    }
}
