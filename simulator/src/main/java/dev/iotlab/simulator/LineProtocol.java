package dev.iotlab.simulator;

/** InfluxDB line protocol escaping (https://docs.influxdata.com/influxdb/v2/reference/syntax/line-protocol/). */
final class LineProtocol {
    private LineProtocol() {
    }

    /** A measurement name: commas and spaces escaped. */
    static void measurement(StringBuilder sb, String s) {
        escape(sb, s, ", ");
    }

    /** A tag key or value: commas, spaces and equals signs escaped. */
    static void tag(StringBuilder sb, String s) {
        escape(sb, s, ", =");
    }

    /** Always a float in plain decimal form (never {@code 1i}) so a field keeps one type whatever the value. */
    static void floatField(StringBuilder sb, double v) {
        Json.number(sb, v);
    }

    private static void escape(StringBuilder sb, String s, String special) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (special.indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
    }
}
