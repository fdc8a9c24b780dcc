package dev.iotlab.operator.model;

import dev.iotlab.testsupport.InfluxDb;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the {@code influxdb:2.7} image does with the {@code DOCKER_INFLUXDB_INIT_*} environment on first start, up to
 * the HTTP request, so a test can send that request to a real influxd (which has no such handling itself).
 * Read from upstream (not copied): influxdata-docker {@code influxdb/2.7/entrypoint.sh} ({@code setup_influxd}: the
 * four required variables, {@code --retention} and {@code --token} only when non-empty, {@code influx setup --force})
 * and influx-cli {@code clients/setup/setup.go} ({@code onboardingRequest}: password of at least 8 characters with
 * --force; retention through {@code duration.RawDurationToTimeDuration} — Go's {@code time.ParseDuration}, else a
 * parser that also takes d and w —, refused when not a whole number of seconds; empty = 0 = keep forever).
 */
final class InfluxImageSetup {
    /** The body the image's entrypoint makes influx-cli send, or the reason it stops before sending anything. */
    record Outcome(InfluxDb.Setup setup, String refusal) {
        static Outcome refused(String why) {
            return new Outcome(null, why);
        }
    }

    private static final Set<String> REQUIRED = Set.of("DOCKER_INFLUXDB_INIT_USERNAME", "DOCKER_INFLUXDB_INIT_PASSWORD",
            "DOCKER_INFLUXDB_INIT_ORG", "DOCKER_INFLUXDB_INIT_BUCKET");
    private static final int MIN_PASSWORD = 8;

    private InfluxImageSetup() {
    }

    static Outcome fromEnv(Map<String, String> env) {
        if (!"setup".equals(env.get("DOCKER_INFLUXDB_INIT_MODE"))) {
            return Outcome.refused("DOCKER_INFLUXDB_INIT_MODE is not setup: no automated setup");
        }
        for (String name : REQUIRED) {
            if (env.getOrDefault(name, "").isEmpty()) {
                return Outcome.refused("missing parameter, cannot init InfluxDB: " + name);
            }
        }
        String password = env.get("DOCKER_INFLUXDB_INIT_PASSWORD");
        if (password.length() < MIN_PASSWORD) {
            return Outcome.refused("password is too short");
        }
        String retention = env.getOrDefault("DOCKER_INFLUXDB_INIT_RETENTION", "");
        long seconds;
        try {
            seconds = retentionSeconds(retention);
        } catch (IllegalArgumentException e) {
            return Outcome.refused("failed to parse \"" + retention + "\": " + e.getMessage());
        }
        return new Outcome(new InfluxDb.Setup(env.get("DOCKER_INFLUXDB_INIT_USERNAME"), password,
                env.get("DOCKER_INFLUXDB_INIT_ORG"), env.get("DOCKER_INFLUXDB_INIT_BUCKET"), seconds,
                env.getOrDefault("DOCKER_INFLUXDB_INIT_ADMIN_TOKEN", "")), null);
    }

    /** influx-cli's retention → retentionPeriodSeconds. */
    static long retentionSeconds(String raw) {
        if (raw.isEmpty()) {
            return 0;
        }
        long nanos;
        Long go = goParseDuration(raw);
        nanos = go != null ? go : withDaysAndWeeks(raw);
        // Go: secs, frac := math.Modf(d.Seconds()); frac > 0 is refused ("too precise")
        double asSeconds = (double) (nanos / 1_000_000_000L) + (double) (nanos % 1_000_000_000L) / 1e9;
        double whole = asSeconds < 0 ? Math.ceil(asSeconds) : Math.floor(asSeconds);
        if (asSeconds - whole > 0) {
            throw new IllegalArgumentException("retention policy \"" + raw + "\" is too precise, must be divisible by 1s");
        }
        return (long) whole;
    }

    private static final Pattern GO_PART = Pattern.compile("([0-9]*(?:\\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, Long> GO_UNITS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L,
            "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    /** Go's time.ParseDuration: nanoseconds, or null where Go returns an error (bad unit, overflow). */
    static Long goParseDuration(String s) {
        String rest = s;
        boolean negative = false;
        if (rest.startsWith("-") || rest.startsWith("+")) {
            negative = rest.startsWith("-");
            rest = rest.substring(1);
        }
        if (rest.equals("0")) {
            return 0L;
        }
        if (rest.isEmpty()) {
            return null;
        }
        BigDecimal total = BigDecimal.ZERO;
        int at = 0;
        while (at < rest.length()) {
            Matcher m = GO_PART.matcher(rest);
            if (!m.find(at) || m.start() != at || m.group(1).isEmpty() || m.group(1).equals(".")) {
                return null;
            }
            // the longest unit wins ("ms" before "m"), as Go reads letters up to the next digit
            int unitEnd = m.end(2);
            while (unitEnd < rest.length() && Character.isLetter(rest.charAt(unitEnd))) {
                unitEnd++;
            }
            String unit = rest.substring(m.start(2), unitEnd);
            Long factor = GO_UNITS.get(unit);
            if (factor == null) {
                return null;
            }
            total = total.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(factor)));
            at = unitEnd;
        }
        BigInteger nanos = total.toBigInteger();
        if (nanos.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0) {
            return null;
        }
        return negative ? -nanos.longValue() : nanos.longValue();
    }

    private static final Map<String, Long> CLI_UNITS = Map.of("ns", 1L, "us", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L, "d", 86_400_000_000_000L,
            "w", 604_800_000_000_000L);

    /** influx-cli's own parser (taken when Go's fails): integer parts, units up to w; int64 arithmetic as in Go. */
    static long withDaysAndWeeks(String s) {
        String rest = s.startsWith("-") ? s.substring(1) : s;
        long sign = s.startsWith("-") ? -1 : 1;
        long total = 0;
        int i = 0;
        while (i < rest.length()) {
            int digits = i;
            while (digits < rest.length() && Character.isDigit(rest.charAt(digits))) {
                digits++;
            }
            if (digits == i) {
                throw new IllegalArgumentException("invalid duration " + rest.substring(i));
            }
            long magnitude;
            try {
                magnitude = Long.parseLong(rest.substring(i, digits));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("value out of range");
            }
            int letters = digits;
            while (letters < rest.length() && Character.isLetter(rest.charAt(letters))) {
                letters++;
            }
            if (letters == digits) {
                throw new IllegalArgumentException("duration is missing a unit: " + s);
            }
            Long factor = CLI_UNITS.get(rest.substring(digits, letters).replace("µs", "us"));
            if (factor == null) {
                throw new IllegalArgumentException("duration must be week(w), day(d), hour(h), min(m), sec(s), "
                        + "millisec(ms), microsec(us), or nanosec(ns)");
            }
            total += sign * magnitude * factor; // wraps on overflow, like Go's int64
            i = letters;
        }
        if (sign < 0 && total != 0) {
            throw new IllegalArgumentException("must be greater than 0");
        }
        return total;
    }
}
