package dev.iotlab.operator.config;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica that loses its Lease while running exits, so Kubernetes restarts it clean and two replicas never
 * reconcile at once. A replica that gives the Lease up because it is shutting down must not exit: JOSDK's own
 * exit-on-stop-leading would call System.exit from inside the JVM's shutdown hook, which hangs until SIGKILL.
 */
public final class LeadershipLossPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(LeadershipLossPolicy.class);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final boolean exitOnLoss;
    private final Runnable exit;

    public LeadershipLossPolicy(boolean exitOnLoss, Runnable exit) {
        this.exitOnLoss = exitOnLoss;
        this.exit = exit;
    }

    public static LeadershipLossPolicy exitingProcess(boolean exitOnLoss) {
        return new LeadershipLossPolicy(exitOnLoss, () -> System.exit(1));
    }

    /** Called before the operator is stopped on purpose. */
    public void stopping() {
        stopping.set(true);
    }

    public LeaderCallbacks callbacks() {
        return new LeaderCallbacks(() -> LOG.info("leading: this replica reconciles the labs"), this::onStopLeading,
                leader -> LOG.info("leader is {}", leader));
    }

    void onStopLeading() {
        if (stopping.get()) {
            LOG.info("gave up the lease while shutting down");
        } else if (exitOnLoss) {
            LOG.error("lost the lease while running; exiting so that only the new leader reconciles");
            exit.run();
        } else {
            LOG.warn("lost the lease while running (exit on loss is off)");
        }
    }
}
