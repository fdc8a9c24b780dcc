package dev.iotlab.api.progress;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * When the student last did something the API saw: an authenticated request, a message under workshop/#. Kept to
 * {@link #RESOLUTION} so an active student changes the progress report at most once per five minutes, not on every
 * request (each change is a ConfigMap write and a status write).
 */
@Singleton
public class ActivityClock {
    public static final Duration RESOLUTION = Duration.ofMinutes(5);
    private final Clock clock;
    private final AtomicReference<Instant> last = new AtomicReference<>();

    public ActivityClock() {
        this(Clock.systemUTC());
    }

    ActivityClock(Clock clock) {
        this.clock = clock;
    }

    public void touch() {
        long step = RESOLUTION.toMillis();
        Instant now = Instant.ofEpochMilli(clock.millis() / step * step);
        last.accumulateAndGet(now, (a, b) -> a == null || b.isAfter(a) ? b : a);
    }

    /** Null until the first activity since the API started (or the last known one, see {@link #restore}). */
    public Instant last() {
        return last.get();
    }

    /** The last activity of an earlier run of the API, read back from its report. */
    void restore(Instant earlier) {
        if (earlier != null) {
            last.accumulateAndGet(earlier, (a, b) -> a == null || b.isAfter(a) ? b : a);
        }
    }
}
