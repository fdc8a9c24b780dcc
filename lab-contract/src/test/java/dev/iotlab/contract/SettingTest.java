package dev.iotlab.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingTest {
    private static final Setting<Integer> PORT = Setting.integer("X_PORT", 1883, 1, 65535, "a port");

    @Test
    void unsetOrBlankMeansTheDefault() {
        assertThat(PORT.read(Map.<String, String>of()::get)).isEqualTo(1883);
        assertThat(PORT.read(Map.of("X_PORT", "  ")::get)).isEqualTo(1883);
        assertThat(PORT.find(Map.of("X_PORT", "  ")::get)).isEmpty();
    }

    @Test
    void aRawTextIsReadAsTheVariableWouldBe() {
        assertThat(PORT.value(null)).isEqualTo(1883);
        assertThat(PORT.value(" ")).isEqualTo(1883);
        assertThat(PORT.value(" 8883 ")).isEqualTo(8883);
        assertThatThrownBy(() -> PORT.value("0")).hasMessage("X_PORT=0 is out of range; use 1 to 65535");
        assertThat(Setting.text("X_DIR", null, "").value("")).isNull();
    }

    @Test
    void integersAreTrimmedAndChecked() {
        assertThat(PORT.read(Map.of("X_PORT", " 8883 ")::get)).isEqualTo(8883);
        assertThatThrownBy(() -> PORT.parse("eighteen")).isInstanceOf(BadSetting.class)
                .hasMessage("X_PORT=eighteen is not a whole number; use 1 to 65535");
        assertThatThrownBy(() -> PORT.parse("0")).isInstanceOf(BadSetting.class)
                .hasMessage("X_PORT=0 is out of range; use 1 to 65535");
        assertThat(PORT.parse("65535")).isEqualTo(65535);
        assertThat(PORT.parse("1")).isEqualTo(1);
    }

    @Test
    void renderRefusesWhatTheReaderWouldRefuse() {
        assertThat(PORT.render(1883)).isEqualTo("1883");
        assertThatThrownBy(() -> PORT.render(70000)).isInstanceOf(BadSetting.class).hasMessageContaining("X_PORT");
        assertThatThrownBy(() -> PORT.render(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultOutsideTheRangeIsAProgrammingError() {
        assertThatThrownBy(() -> Setting.integer("Y", 0, 1, 2, "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void flagsAcceptWhatMicronautAcceptedAndRefuseTheRest() {
        Setting<Boolean> flag = Setting.flag("X_OFF", false, "");
        assertThat(flag.parse("TRUE")).isTrue();
        assertThat(flag.parse("yes")).isTrue();
        assertThat(flag.parse("off")).isFalse();
        assertThatThrownBy(() -> flag.parse("maybe")).hasMessage("X_OFF=maybe is not true or false");
    }

    @Test
    void wholeNumbersAre64Bit() {
        Setting<Long> seed = Setting.wholeNumber("X_SEED", "");
        assertThat(seed.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThatThrownBy(() -> seed.parse("1.5")).hasMessage("X_SEED=1.5 is not a whole number (64-bit)");
    }

    @Test
    void secretsAreKeptAsGiven() {
        Setting<String> secret = Setting.secret("X_PASSWORD", "");
        assertThat(secret.read(Map.of("X_PASSWORD", " a b ")::get)).isEqualTo(" a b ");
        assertThat(secret.read(Map.<String, String>of()::get)).isNull();
    }
}
