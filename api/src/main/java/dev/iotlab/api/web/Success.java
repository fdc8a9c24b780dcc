package dev.iotlab.api.web;

import java.util.LinkedHashMap;
import java.util.Map;

/** The original API's answer to a request that worked: {@code {"success": true, ...}}, fields in the order given. */
public final class Success {
    private Success() {
    }

    /**
     * {@code Success.of("topic", topic, "qos", qos)}: names and values in turn (a value may be null). The map stays
     * open for a field only some answers carry.
     */
    public static Map<String, Object> of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", true);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return out;
    }
}
