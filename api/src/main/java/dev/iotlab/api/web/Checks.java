package dev.iotlab.api.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Request validation; every message names the field, what was wrong and what a good value looks like. */
public final class Checks {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:\\-]{0,127}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}");
    private static final int MAX_TOPIC_BYTES = 1024;

    private Checks() {
    }

    public static String requiredText(ObjectNode body, String field, String example) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw ApiException.badRequest("Missing required field '" + field + "', e.g. \"" + field + "\": "
                    + example);
        }
        if (!node.isTextual()) {
            throw ApiException.badRequest("Field '" + field + "' must be a string, e.g. \"" + field + "\": "
                    + example);
        }
        return node.asText();
    }

    public static String optionalText(ObjectNode body, String field, int maxLength) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiException.badRequest("Field '" + field + "' must be a string");
        }
        if (node.asText().length() > maxLength) {
            throw ApiException.badRequest("Field '" + field + "' is longer than " + maxLength + " characters");
        }
        return node.asText();
    }

    /** A topic to publish to: no wildcards, not a $-system topic. */
    public static String publishTopic(String topic) {
        commonTopic(topic);
        if (topic.contains("+") || topic.contains("#")) {
            throw ApiException.badRequest("Topic '" + topic + "' contains a wildcard ('+' or '#'): wildcards are only "
                    + "allowed when subscribing; publish to a concrete topic such as sensors/temperature/temp-001");
        }
        if (topic.startsWith("$")) {
            throw ApiException.badRequest("Topic '" + topic + "' starts with '$', which is reserved for the broker; "
                    + "use a topic such as lab/test");
        }
        return topic;
    }

    /** A topic filter to subscribe to: '+' and '#' only as whole levels, '#' only last. */
    public static String topicFilter(String topic) {
        commonTopic(topic);
        String[] levels = topic.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                throw ApiException.badRequest("Topic filter '" + topic + "' is invalid: '#' must be a whole level "
                        + "and the last one, e.g. sensors/#");
            }
            if (level.contains("+") && !level.equals("+")) {
                throw ApiException.badRequest("Topic filter '" + topic + "' is invalid: '+' must be a whole level, "
                        + "e.g. sensors/+/temp-001");
            }
        }
        return topic;
    }

    private static void commonTopic(String topic) {
        if (topic == null || topic.isEmpty()) {
            throw ApiException.badRequest("Topic is empty: give a topic such as sensors/temperature/temp-001");
        }
        if (topic.getBytes(StandardCharsets.UTF_8).length > MAX_TOPIC_BYTES) {
            throw ApiException.badRequest("Topic is longer than " + MAX_TOPIC_BYTES + " bytes; use a shorter topic");
        }
        if (topic.indexOf('\0') >= 0) {
            throw ApiException.badRequest("Topic must not contain the NUL character");
        }
    }

    public static int qos(ObjectNode body) {
        JsonNode node = body.get("qos");
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.isIntegralNumber() || node.asInt() < 0 || node.asInt() > 2) {
            throw ApiException.badRequest("Field 'qos' must be 0, 1 or 2 (got " + node + ")");
        }
        return node.asInt();
    }

    public static int qosParam(Integer qos) {
        if (qos == null) {
            return 0;
        }
        if (qos < 0 || qos > 2) {
            throw ApiException.badRequest("Parameter 'qos' must be 0, 1 or 2 (got " + qos + ")");
        }
        return qos;
    }

    /** Measurement, tag and field names: what Influx, Flux and Grafana all handle without quoting trouble. */
    public static String name(String kind, String value) {
        if (value == null || value.isEmpty()) {
            throw ApiException.badRequest(capitalise(kind) + " name is empty; use a name such as temperature");
        }
        if (value.startsWith("_")) {
            throw ApiException.badRequest(capitalise(kind) + " name '" + value + "' starts with '_', which InfluxDB "
                    + "reserves; rename it, e.g. '" + value.replaceFirst("^_+", "") + "'");
        }
        if (!NAME.matcher(value).matches()) {
            throw ApiException.badRequest(capitalise(kind) + " name '" + value + "' is invalid: use at most 128 "
                    + "letters, digits, '_', '-', '.' or ':', starting with a letter or digit (e.g. living_room)");
        }
        return value;
    }

    public static String id(String kind, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw ApiException.badRequest(capitalise(kind) + " '" + value + "' is invalid: use at most 64 letters, "
                    + "digits, '_', '-' or '.', starting with a letter or digit (e.g. temp-001)");
        }
        return value;
    }

    private static String capitalise(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
