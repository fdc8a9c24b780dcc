package dev.iotlab.simulator;

import java.math.BigDecimal;

/** InfluxDB line protocol escaping (https://docs.influxdata.com/influxdb/v2/reference/syntax/line-protocol/). */
final class LineProtocol {
    private LineProtocol() {
    }

    static void measurement(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == ' ') {
                sb.append('\\');
            }
            sb.append(c);
        }
    }

    static void tag(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == ' ' || c == '=') {
                sb.append('\\');
            }
            sb.append(c);
        }
    }

    /** Always a float (never {@code 1i}) so a field keeps one type whatever the value. */
    static void floatField(StringBuilder sb, double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            sb.append((long) v);
        } else if (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e7) {
            sb.append(v);
        } else {
            sb.append(BigDecimal.valueOf(v).toPlainString());
        }
    }
}
