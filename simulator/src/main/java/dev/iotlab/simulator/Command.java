package dev.iotlab.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** A parsed device command: {@code {"action":"on"|"off"|"toggle"}} or {@code {"action":"set","setpoint":22.5}}. */
public record Command(String action, Double setpoint, Double brightness) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Thrown for payloads that are not a command at all; the message says what is accepted. */
    public static final class BadCommand extends Exception {
        public BadCommand(String message) {
            super(message);
        }
    }

    /**
     * Parses a command payload. Also accepts the bare words {@code on}, {@code off}, {@code toggle} (what a
     * Node-RED button or a quick {@code mosquitto_pub -m on} sends).
     */
    public static Command parse(byte[] payload) throws BadCommand {
        String text = new String(payload, StandardCharsets.UTF_8).trim();
        String bare = text.toLowerCase(Locale.ROOT).replace("\"", "");
        if (bare.equals("on") || bare.equals("off") || bare.equals("toggle")) {
            return new Command(bare, null, null);
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (Exception e) {
            throw new BadCommand("payload is not JSON; send {\"action\":\"on\"|\"off\"|\"toggle\"} or {\"action\":\"set\",\"setpoint\":22.5}");
        }
        if (node == null || !node.isObject()) {
            throw new BadCommand("payload must be a JSON object like {\"action\":\"on\"}");
        }
        JsonNode action = node.get("action");
        if (action == null || !action.isTextual()) {
            throw new BadCommand("missing \"action\"; send {\"action\":\"on\"|\"off\"|\"toggle\"} or {\"action\":\"set\",\"setpoint\":22.5}");
        }
        return new Command(action.asText().toLowerCase(Locale.ROOT), number(node, "setpoint"), number(node, "brightness"));
    }

    private static Double number(JsonNode node, String field) throws BadCommand {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isTextual()) {
            try {
                return Double.parseDouble(v.asText().trim());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new BadCommand("\"" + field + "\" must be a number, got " + v);
    }
}
