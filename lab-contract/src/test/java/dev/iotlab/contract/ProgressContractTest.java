package dev.iotlab.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report the lab API writes is the report the operator reads; what a student's namespace could hold is bounded. */
class ProgressContractTest {

    @Test
    void whatTheApiWritesTheOperatorReadsBack() {
        ProgressContract.Report written = ProgressContract.Report.of(List.of(
                new ProgressContract.Module(1, "Introduction", true, List.of()),
                new ProgressContract.Module(2, "MQTT basics", false, List.of("No retained message"))),
                Instant.parse("2026-12-01T20:30:00Z"));
        assertThat(written.summary()).isEqualTo("1/2");
        assertThat(ProgressContract.parse(written.toJson())).contains(written);
    }

    @Test
    void theSummaryIsRecountedAndAModuleWithSomethingMissingIsNotDone() {
        var read = ProgressContract.parse("{\"summary\": \"10/10\", \"modules\": ["
                + "{\"module\": 1, \"done\": true, \"missing\": [\"still missing\"]},"
                + "{\"module\": 2, \"done\": true, \"missing\": []}], \"lastActivity\": \"yesterday\"}").orElseThrow();
        assertThat(read.summary()).isEqualTo("1/2");
        assertThat(read.modules().get(0).done()).isFalse();
        assertThat(read.lastActivity()).isNull();
    }

    @Test
    void unreadableOrOversizedReportsAreIgnoredAndLongTextsClipped() {
        assertThat(ProgressContract.parse(null)).isEmpty();
        assertThat(ProgressContract.parse("not json")).isEmpty();
        assertThat(ProgressContract.parse("{\"modules\": \"x\"}")).isEmpty();
        assertThat(ProgressContract.parse("{\"modules\": [{\"module\": 0}]}")).isEmpty();
        assertThat(ProgressContract.parse("{\"modules\": [], \"pad\": \"" + "x".repeat(70_000) + "\"}")).isEmpty();
        StringBuilder many = new StringBuilder("{\"modules\": [");
        for (int i = 1; i <= 50; i++) {
            many.append(i > 1 ? "," : "").append("{\"module\": ").append(i).append(", \"missing\": [")
                    .append("\"").append("y".repeat(1000)).append("\",".repeat(1)).append("\"a\",\"b\",\"c\",\"d\",")
                    .append("\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\"]}");
        }
        var read = ProgressContract.parse(many.append("]}").toString()).orElseThrow();
        assertThat(read.modules()).hasSize(ProgressContract.MAX_MODULES);
        assertThat(read.modules().get(0).missing()).hasSize(ProgressContract.MAX_MISSING);
        assertThat(read.modules().get(0).missing().get(0)).hasSize(ProgressContract.MAX_TEXT);
    }
}
