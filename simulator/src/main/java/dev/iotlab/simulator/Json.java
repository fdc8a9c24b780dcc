package dev.iotlab.simulator;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.math.BigDecimal;

/**
 * JSON writing for the hot path (thousands of payloads a second) straight into a StringBuilder; string escaping is
 * Jackson's, parsing uses Jackson too.
 */
final class Json {
    private static final JsonStringEncoder ESCAPE = JsonStringEncoder.getInstance();

    private Json() {
    }

    /** A number in plain decimal form (never an exponent): whole values without ".0". Line protocol's floats too. */
    static void number(StringBuilder sb, double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            sb.append((long) v);
        } else if (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e7) {
            sb.append(v);
        } else {
            sb.append(BigDecimal.valueOf(v).toPlainString());
        }
    }

    static void string(StringBuilder sb, String s) {
        if (s == null) {
            sb.append("null");
            return;
        }
        ESCAPE.quoteAsString(s, sb.append('"'));
        sb.append('"');
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder();
        string(sb, s);
        return sb.toString();
    }
}
