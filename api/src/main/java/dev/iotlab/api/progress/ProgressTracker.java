package dev.iotlab.api.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.iotlab.contract.ProgressContract;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the student's progress: every API_PROGRESS_INTERVAL_SECONDS (from 2 s after start) and a second after
 * retained workshop evidence changes.
 * The report is kept in the lab's ConfigMap only when it changed and only from a complete reading (a broker or
 * database outage would otherwise flip modules to not done and back).
 */
@Context
public class ProgressTracker {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressTracker.class);
    private final Evidence evidence;
    private final ProgressConfigMap configMap;
    private final ActivityClock activity;
    private final ObjectMapper mapper;
    private final Counter writes;
    private final Duration interval;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "progress");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile ProgressRules.Evaluation latest;
    private volatile boolean restored;

    public ProgressTracker(Evidence evidence, ProgressConfigMap configMap, ActivityClock activity,
                           RetainedWorkshop retained, ObjectMapper mapper, MeterRegistry metrics,
                           ProgressSettings settings) {
        this.evidence = evidence;
        this.configMap = configMap;
        this.activity = activity;
        this.mapper = mapper;
        this.writes = Counter.builder("iotlab_progress_writes").description("Progress reports written to the "
                + "lab's ConfigMap").register(metrics);
        this.interval = settings.interval();
        retained.onChange(this::evaluateSoon);
    }

    @PostConstruct
    void start() {
        scheduler.scheduleWithFixedDelay(this::evaluate, 2_000, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void evaluateSoon() {
        if (pending.compareAndSet(false, true)) {
            scheduler.schedule(() -> {
                pending.set(false);
                evaluate();
            }, 1, TimeUnit.SECONDS);
        }
    }

    public synchronized ProgressRules.Evaluation evaluate() {
        try {
            restoreActivity();
            ProgressRules.Evaluation evaluation = ProgressRules.evaluate(evidence);
            latest = evaluation;
            boolean complete = evaluation.notes().stream()
                    .noneMatch(n -> n.startsWith("MQTT") || n.startsWith("InfluxDB"));
            if (complete && configMap.keep(report(evaluation, activity.last()))) {
                writes.increment();
                LOG.info("Progress {} kept in the lab's ConfigMap", evaluation.summary());
            }
            return evaluation;
        } catch (RuntimeException e) {
            LOG.warn("Progress evaluation failed: {}", e.toString());
            return latest;
        }
    }

    /** The last evaluation (evaluating now if there was none yet). */
    public ProgressRules.Evaluation current() {
        ProgressRules.Evaluation e = latest;
        return e != null ? e : evaluate();
    }

    public Instant lastActivity() {
        return activity.last();
    }

    /** The report as kept in the ConfigMap: summary, modules (done, missing), lastActivity. No secret, no notes. */
    public String report(ProgressRules.Evaluation evaluation, Instant lastActivity) {
        return ProgressContract.Report.of(evaluation.modules().stream()
                .map(m -> new ProgressContract.Module(m.module(), m.title(), m.done(), m.missing())).toList(),
                lastActivity).toJson();
    }

    private void restoreActivity() {
        if (!restored) {
            restored = true;
            configMap.current().ifPresent(text -> {
                try {
                    JsonNode last = mapper.readTree(text).get("lastActivity");
                    if (last != null && last.isTextual()) {
                        activity.restore(Instant.parse(last.asText()));
                    }
                } catch (JsonProcessingException | RuntimeException e) {
                    LOG.debug("Earlier progress report unreadable: {}", e.toString());
                }
            });
        }
    }

    @PreDestroy
    void close() {
        scheduler.shutdownNow();
    }
}
