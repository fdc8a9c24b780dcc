package dev.iotlab.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlab.operator.customresource.Profile;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sizes from what the components really use (measured here, or the upstream minimums where they cannot run here):
 * see docs/benchmarks.md, "Lab sizing".
 */
class SizingTest {
    static final BigDecimal MI = BigDecimal.valueOf(1024L * 1024L);

    static Lab lab(Profile profile) {
        return TestLabs.lab("student: {name: A}\nprofile: " + profile.name().toLowerCase());
    }

    static BigDecimal mi(Quantity q) {
        return q.getNumericalAmount().divide(MI);
    }

    @Test
    void aFullSmallLabRequestsAtMostOneGibibyte() {
        Lab lab = lab(Profile.SMALL);
        BigDecimal total = Components.ALL.stream().map(c -> c.resources(lab).getRequests().get("memory"))
                .map(SizingTest::mi).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(total).as("memory requested by a small lab, Mi").isLessThanOrEqualTo(BigDecimal.valueOf(1024));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void limitsAreAboveTheUpstreamMinimumsAndRequestsAboveWhatWasMeasured(Profile profile) {
        Lab lab = lab(profile);
        // EMQX: 512 MB minimum (docs.emqx.com); Grafana: 512 MB minimum recommended (grafana.com).
        assertThat(mi(Components.EMQX.resources(lab).getLimits().get("memory"))).isGreaterThan(BigDecimal.valueOf(512));
        assertThat(mi(Components.GRAFANA.resources(lab).getLimits().get("memory"))).isGreaterThanOrEqualTo(BigDecimal.valueOf(512));
        // Measured RSS here (docs/benchmarks.md): InfluxDB 186 MB under load, Node-RED 135 MB, API 206 MB,
        // simulator 118 MB: the limits leave room above, the requests cover the idle footprint.
        Map<Component, Integer> measuredMb = Map.of(Components.INFLUXDB, 186, Components.NODE_RED, 135,
                Components.API, 206, Components.SIMULATOR, 118);
        measuredMb.forEach((c, mb) -> {
            BigDecimal measured = BigDecimal.valueOf(mb * 1_000_000L).divide(MI, 0, java.math.RoundingMode.CEILING);
            assertThat(mi(c.resources(lab).getLimits().get("memory"))).as(c.name() + " limit")
                    .isGreaterThan(measured.multiply(BigDecimal.valueOf(1.5)));
        });
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void influxDbsCacheIsCappedBelowItsLimit(Profile profile) {
        Lab lab = lab(profile);
        InfluxDbComponent influx = Components.INFLUXDB;
        String cache = ComponentTest.container(influx.deployment(lab)).getEnv().stream()
                .filter(e -> e.getName().equals("INFLUXD_STORAGE_CACHE_MAX_MEMORY_SIZE")).findFirst().orElseThrow()
                .getValue();
        BigDecimal cacheMi = new BigDecimal(cache.replace("m", ""));
        // The default is 1 GiB per shard: above the limit. Capped, it leaves most of the limit to the rest.
        assertThat(cacheMi.multiply(BigDecimal.valueOf(4)))
                .isLessThanOrEqualTo(mi(influx.resources(lab).getLimits().get("memory")));
    }

    /**
     * The JVM flags in our images' Jib configuration keep heap + metaspace + code cache + 64 MiB (thread stacks, GC,
     * native) inside each profile's memory limit; without caps the JVM grows past the limit and is OOM-killed.
     */
    @ParameterizedTest
    @EnumSource(Profile.class)
    void ourJvmsStayInsideTheirMemoryLimits(Profile profile) throws Exception {
        Lab lab = lab(profile);
        for (var entry : Map.of("api", Components.API, "simulator", Components.SIMULATOR).entrySet()) {
            List<String> flags = jvmFlags(Path.of("..", entry.getKey(), "pom.xml"));
            BigDecimal limit = mi(entry.getValue().resources(lab).getLimits().get("memory"));
            BigDecimal heap = limit.multiply(new BigDecimal(flag(flags, "-XX:MaxRAMPercentage="))).divide(BigDecimal.valueOf(100));
            BigDecimal metaspace = megabytes(flag(flags, "-XX:MaxMetaspaceSize="));
            BigDecimal codeCache = megabytes(flag(flags, "-XX:ReservedCodeCacheSize="));
            assertThat(heap.add(metaspace).add(codeCache).add(BigDecimal.valueOf(64)))
                    .as(entry.getKey() + " JVM (" + flags + ") in a " + limit + " Mi limit")
                    .isLessThanOrEqualTo(limit);
        }
    }

    static List<String> jvmFlags(Path pom) throws Exception {
        Matcher m = Pattern.compile("<jvmFlag>([^<]+)</jvmFlag>").matcher(Files.readString(pom));
        return m.results().map(r -> r.group(1).trim()).collect(Collectors.toList());
    }

    static String flag(List<String> flags, String prefix) {
        return flags.stream().filter(f -> f.startsWith(prefix)).map(f -> f.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " in " + flags + ": the JVM would be unbounded"));
    }

    static BigDecimal megabytes(String value) {
        assertThat(value).matches("[0-9]+m");
        return new BigDecimal(value.substring(0, value.length() - 1));
    }

    @Test
    void aResourcesOverrideIsLaidOverTheProfileKeyByKey() {
        Lab lab = TestLabs.lab("student: {name: A}\ncomponents: {api: {resources: {requests: {memory: 1Gi}}}}");
        var r = Components.API.resources(lab);
        assertThat(r.getRequests().get("memory")).isEqualTo(new Quantity("1Gi"));
        assertThat(r.getLimits().get("memory")).as("raised with the request").isEqualTo(new Quantity("1Gi"));
        assertThat(r.getRequests()).containsKey("cpu");
        assertThat(r.getLimits()).containsKey("cpu");
    }
}
