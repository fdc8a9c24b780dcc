package dev.iotlab.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** `helm lint --strict` on each chart with its default values: any warning fails. */
class ChartLintTest {
    static java.util.List<Path> charts() {
        return java.util.List.of(Charts.OPERATOR, Charts.COURSE);
    }

    @ParameterizedTest
    @MethodSource("charts")
    void passesStrictLint(Path chart) {
        LintResult result = Charts.lintStrict(chart);
        assertThat(result.isFailed()).as("helm lint --strict %s: %s", chart, result.getMessages()).isFalse();
        assertThat(result.getMessages()).as("lint messages of %s", chart)
                .allSatisfy(m -> assertThat(m).doesNotContain("[WARNING]").doesNotContain("[ERROR]"));
    }
}
