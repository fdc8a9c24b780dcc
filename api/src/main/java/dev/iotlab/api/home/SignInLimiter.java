package dev.iotlab.api.home;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed sign-ins on the home page are limited: {@link #PER_CLIENT} per client and {@link #OVERALL} for the whole lab
 * in {@link #WINDOW} (the client is the first X-Forwarded-For address behind the ingress, which a client can forge,
 * hence the lab-wide limit too). A success does not reset the count: it is not a reason to allow more guessing.
 */
@Singleton
public class SignInLimiter {
    static final int PER_CLIENT = 5;
    static final int OVERALL = 30;
    static final Duration WINDOW = Duration.ofMinutes(10);
    private static final int MAX_CLIENTS = 10_000;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>(16, 0.75f, true);
    private final Deque<Instant> all = new ArrayDeque<>();

    public SignInLimiter() {
        this(Clock.systemUTC());
    }

    SignInLimiter(Clock clock) {
        this.clock = clock;
    }

    /** Seconds until this client may try again, or 0 when it may now. */
    public synchronized long retryAfter(String client) {
        Instant now = clock.instant();
        prune(all, now);
        Deque<Instant> mine = failures.get(client);
        if (mine != null) {
            prune(mine, now);
        }
        Instant blockedUntil = null;
        if (mine != null && mine.size() >= PER_CLIENT) {
            blockedUntil = mine.peekFirst().plus(WINDOW);
        }
        if (all.size() >= OVERALL) {
            Instant overall = all.peekFirst().plus(WINDOW);
            blockedUntil = blockedUntil == null || overall.isAfter(blockedUntil) ? overall : blockedUntil;
        }
        return blockedUntil == null ? 0 : Math.max(1, Duration.between(now, blockedUntil).toSeconds());
    }

    public synchronized void failed(String client) {
        Instant now = clock.instant();
        failures.computeIfAbsent(client, c -> new ArrayDeque<>()).addLast(now);
        all.addLast(now);
        if (failures.size() > MAX_CLIENTS) {
            failures.remove(failures.keySet().iterator().next());
        }
    }

    private static void prune(Deque<Instant> times, Instant now) {
        while (!times.isEmpty() && times.peekFirst().plus(WINDOW).isBefore(now)) {
            times.pollFirst();
        }
    }
}
