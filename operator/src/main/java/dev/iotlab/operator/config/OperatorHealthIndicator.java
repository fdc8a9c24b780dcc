package dev.iotlab.operator.config;

import io.javaoperatorsdk.operator.Operator;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;
import io.micronaut.core.async.publisher.Publishers;

/** Ready when the operator is started and every informer is healthy (readiness endpoint /health/readiness). */
@Singleton
@Readiness
public class OperatorHealthIndicator implements HealthIndicator {
    private final Operator operator;

    public OperatorHealthIndicator(Operator operator) {
        this.operator = operator;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        var info = operator.getRuntimeInfo();
        boolean started = info.isStarted();
        boolean healthy = started && info.allEventSourcesAreHealthy();
        return Publishers.just(HealthResult.builder("iotlab-operator", healthy ? HealthStatus.UP : HealthStatus.DOWN)
                .details(Map.of("started", started, "informersHealthy", healthy))
                .build());
    }
}
