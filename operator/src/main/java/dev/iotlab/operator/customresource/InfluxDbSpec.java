package dev.iotlab.operator.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

public class InfluxDbSpec extends StorageComponentSpec {
    public static final String DEFAULT_ORG = "iot-org";
    public static final String DEFAULT_BUCKET = "iot-data";
    public static final String DEFAULT_RETENTION = "30d";
    /** InfluxDB's own minimum: its setup refuses a shorter bucket retention (and the image's pod then crash-loops). */
    public static final long MIN_RETENTION_SECONDS = 3600;
    static final String RETENTION_PATTERN = "^(0|infinite|([0-9]{1,12}(ns|us|ms|s|m|h|d|w))+)$";
    public static final String RETENTION_MESSAGE = "spec.components.influxdb.retention must be at least 1h (InfluxDB refuses "
            + "a shorter retention), e.g. 1h, 12h, 30d; or 0 / infinite to keep readings forever";
    /** InfluxDB keeps a duration as int64 nanoseconds: anything longer overflows (about 292 years). */
    public static final long MAX_RETENTION_SECONDS = Long.MAX_VALUE / 1_000_000_000L;
    public static final String RETENTION_PRECISION_MESSAGE = "spec.components.influxdb.retention must be whole seconds "
            + "(the image's setup refuses a more precise duration like 1h500ms), e.g. 1h, 90m, 30d";
    public static final String RETENTION_MAX_MESSAGE = "spec.components.influxdb.retention must be at most 15250w "
            + "(about 292 years; InfluxDB stores it as int64 nanoseconds); or 0 / infinite to keep readings forever";
    /** The sub-second parts in nanoseconds: whole seconds when divisible by 10^9. */
    static final String RETENTION_PRECISION_RULE = "self in ['0', 'infinite'] || self.findAll('[0-9]+(ns|us|ms)')"
            + ".map(t, t.endsWith('ns') ? int(t.find('[0-9]+')) : t.endsWith('us') ? int(t.find('[0-9]+')) * 1000"
            + " : int(t.find('[0-9]+')) * 1000000).sum() % 1000000000 == 0";
    /** Sums the duration's parts in seconds (sub-second parts rounded down per part), as {@link #retentionSeconds}. */
    private static final String RETENTION_SECONDS_SUM = "self.findAll('[0-9]+(ns|us|ms|s|m|h|d|w)')"
            + ".map(t, t.endsWith('ns') ? int(t.find('[0-9]+')) / 1000000000"
            + " : t.endsWith('us') ? int(t.find('[0-9]+')) / 1000000"
            + " : t.endsWith('ms') ? int(t.find('[0-9]+')) / 1000"
            + " : t.endsWith('s') ? int(t.find('[0-9]+'))"
            + " : t.endsWith('m') ? int(t.find('[0-9]+')) * 60"
            + " : t.endsWith('h') ? int(t.find('[0-9]+')) * 3600"
            + " : t.endsWith('d') ? int(t.find('[0-9]+')) * 86400"
            + " : int(t.find('[0-9]+')) * 604800).sum()";
    static final String RETENTION_RULE = "self in ['0', 'infinite'] || " + RETENTION_SECONDS_SUM + " >= "
            + MIN_RETENTION_SECONDS;
    static final String RETENTION_MAX_RULE = "self in ['0', 'infinite'] || " + RETENTION_SECONDS_SUM + " <= "
            + MAX_RETENTION_SECONDS;
    private static final java.util.regex.Pattern PART = java.util.regex.Pattern.compile("([0-9]+)(ns|us|ms|s|m|h|d|w)");
    private static final java.util.Map<String, Long> UNIT_NANOS = java.util.Map.of("ns", 1L, "us", 1_000L,
            "ms", 1_000_000L, "s", 1_000_000_000L);
    private static final java.util.Map<String, Long> UNIT_SECONDS = java.util.Map.of("m", 60L, "h", 3600L,
            "d", 86400L, "w", 604800L);

    /**
     * A retention in whole seconds, as the CRD's CEL rule counts it. For render and the tests, which have no API
     * server to run the rule.
     */
    public static boolean keepsForever(String retention) {
        return "0".equals(retention) || "infinite".equals(retention);
    }

    /** Whether the sub-second parts of a retention add up to whole seconds, as the CRD's CEL rule checks. */
    public static boolean wholeSeconds(String retention) {
        long nanos = 0;
        var m = PART.matcher(retention);
        while (m.find()) {
            Long unit = UNIT_NANOS.get(m.group(2));
            if (unit != null && unit < 1_000_000_000L) {
                nanos += Long.parseLong(m.group(1)) * unit;
            }
        }
        return nanos % 1_000_000_000L == 0;
    }

    /** Seconds of a retention that is not {@link #keepsForever}, as the CRD's CEL rule counts them. */
    public static long retentionSeconds(String retention) {
        long seconds = 0;
        var m = PART.matcher(retention);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2);
            seconds += UNIT_NANOS.containsKey(unit) ? n / (1_000_000_000L / UNIT_NANOS.get(unit))
                    : UNIT_SECONDS.get(unit) * n;
        }
        return seconds;
    }

    @Pattern(RETENTION_PATTERN)
    @Size(max = 32)
    @ValidationRule(value = RETENTION_RULE, message = RETENTION_MESSAGE)
    @ValidationRule(value = RETENTION_PRECISION_RULE, message = RETENTION_PRECISION_MESSAGE)
    @ValidationRule(value = RETENTION_MAX_RULE, message = RETENTION_MAX_MESSAGE)
    @JsonPropertyDescription("How long readings are kept, an InfluxDB duration of at least 1h like 30d, 12h or 2w; 0 or infinite keeps them forever. Default 30d. Set when InfluxDB starts for the first time; cannot change later.")
    private String retention;

    @Size(min = 1, max = 64)
    @Pattern("^[A-Za-z0-9][A-Za-z0-9._-]*$")
    @JsonPropertyDescription("InfluxDB organisation (default iot-org). Set when InfluxDB starts for the first time; cannot change later.")
    private String org;

    @Size(min = 1, max = 64)
    @Pattern("^[A-Za-z0-9][A-Za-z0-9._-]*$")
    @JsonPropertyDescription("InfluxDB bucket the simulator writes to (default iot-data). Set when InfluxDB starts for the first time; cannot change later.")
    private String bucket;

    public String orgOrDefault() { return org == null ? DEFAULT_ORG : org; }
    public String bucketOrDefault() { return bucket == null ? DEFAULT_BUCKET : bucket; }
    public String retentionOrDefault() { return retention == null ? DEFAULT_RETENTION : retention; }

    public String getRetention() { return retention; }
    public void setRetention(String retention) { this.retention = retention; }
    public String getOrg() { return org; }
    public void setOrg(String org) { this.org = org; }
    public String getBucket() { return bucket; }
    public void setBucket(String bucket) { this.bucket = bucket; }
}
