package dev.iotlab.testsupport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** How the peers' processes end: SIGTERM, and SIGKILL when they have not gone after a grace period. */
public final class Processes {
    private Processes() {
    }

    /** Ends the process (null: nothing to do) and waits for it; SIGKILL after {@code grace}. */
    public static void terminate(Process process, Duration grace) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
