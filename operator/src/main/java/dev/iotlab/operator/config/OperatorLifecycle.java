package dev.iotlab.operator.config;

import io.javaoperatorsdk.operator.Operator;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the operator with the application and stops it gracefully (in-flight reconciles finish) on shutdown. */
@Singleton
@Requires(property = "iotlab.start-operator", notEquals = "false")
public class OperatorLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorLifecycle.class);
    private final Operator operator;
    private final LeadershipLossPolicy leadership;

    public OperatorLifecycle(Operator operator, LeadershipLossPolicy leadership) {
        this.operator = operator;
        this.leadership = leadership;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        LOG.info("starting the IotLab operator");
        operator.start();
    }

    @EventListener
    void onShutdown(ShutdownEvent event) {
        LOG.info("stopping the IotLab operator");
        leadership.stopping();
        operator.stop();
    }
}
