package dev.iotlab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void stringsWithQuotesBackslashesAndControlCharactersReadBackAsWritten() throws Exception {
        String nasty = "Living \"room\" \\ 2\n\t\r\u0001 é ☃";
        String json = Json.quote(nasty);
        assertThat(json).startsWith("\"").endsWith("\"").doesNotContain("\n", "\t", "\r", "\u0001");
        assertThat(MAPPER.readValue(json, String.class)).isEqualTo(nasty);
        assertThat(Json.quote(null)).isEqualTo("null");
    }

    @Test
    void numbersArePlainDecimalsWithoutExponent() {
        assertThat(number(21.0)).isEqualTo("21");
        assertThat(number(-3)).isEqualTo("-3");
        assertThat(number(21.5)).isEqualTo("21.5");
        assertThat(number(0.0001)).doesNotContain("E")
                .satisfies(s -> assertThat(Double.parseDouble(s)).isEqualTo(1e-4));
        assertThat(number(12_345_678.5)).isEqualTo("12345678.5");
        assertThat(number(1e20)).isEqualTo("100000000000000000000");
    }

    @Test
    void lineProtocolEscapesWhatEachPositionNeedsAndWritesFloatsLikeJson() {
        StringBuilder sb = new StringBuilder();
        LineProtocol.measurement(sb, "a b,c=d");
        sb.append('|');
        LineProtocol.tag(sb, "a b,c=d");
        sb.append('|');
        LineProtocol.floatField(sb, 2.0);
        sb.append('|');
        LineProtocol.floatField(sb, 1e20);
        assertThat(sb).hasToString("a\\ b\\,c=d|a\\ b\\,c\\=d|2|100000000000000000000");
    }

    private static String number(double v) {
        StringBuilder sb = new StringBuilder();
        Json.number(sb, v);
        return sb.toString();
    }
}
