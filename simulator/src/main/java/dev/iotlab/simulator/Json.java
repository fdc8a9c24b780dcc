package dev.iotlab.simulator;

import java.math.BigDecimal;

/** Minimal JSON writing for the hot path (thousands of payloads a second); parsing uses Jackson. */
final class Json {
    private Json() {
    }

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
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder();
        string(sb, s);
        return sb.toString();
    }
}
