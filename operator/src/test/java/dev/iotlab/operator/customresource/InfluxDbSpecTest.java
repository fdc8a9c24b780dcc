package dev.iotlab.operator.customresource;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InfluxDbSpecTest {

    @ParameterizedTest(name = "{0} -> {1}s")
    @CsvSource({"1h, 3600", "59m, 3540", "45m, 2700", "59m60s, 3600", "30d, 2592000",
            "2w, 1209600", "1h30m, 5400", "3599s999ms, 3599", "3600000ms, 3600", "12h, 43200"})
    void retentionIsCountedInSecondsAsTheCrdRuleCountsIt(String retention, long seconds) {
        assertThat(InfluxDbSpec.retentionSeconds(retention)).isEqualTo(seconds);
    }
}
