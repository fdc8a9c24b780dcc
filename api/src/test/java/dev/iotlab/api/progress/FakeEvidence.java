package dev.iotlab.api.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/** A hand-made lab's evidence for the rules' tests: retained messages, devices, Flux rows, Grafana answers. */
final class FakeEvidence implements Evidence {
    static final ObjectMapper JSON = new ObjectMapper();

    static Map<String, Object> row(Object value, Map<String, Object> tags) {
        Map<String, Object> r = new HashMap<>();
        r.put("value", value);
        r.put("tags", tags);
        r.put("time", "2026-12-01T10:00:00+00:00");
        return r;
    }

    static Map<String, Object> event(String time, String rule, String kind, String action, String device, String run) {
        Map<String, Object> r = row(0.0, Map.of("rule", rule, "kind", kind, "action", action, "device_id", device,
                "run", run));
        r.put("time", time);
        return r;
    }

    final Map<String, JsonNode> retained = new HashMap<>();
    final List<Map<String, Object>> devices = new ArrayList<>();
    final Map<String, JsonNode> grafana = new HashMap<>();
    BiFunction<String, String, List<Map<String, Object>>> flux = (p, t) -> List.of();
    boolean mqttDown;

    FakeEvidence retained(String topic, String payload) {
        try {
            retained.put(topic, JSON.readTree(payload));
        } catch (Exception e) {
            retained.put(topic, TextNode.valueOf(payload));
        }
        return this;
    }

    FakeEvidence flux(BiFunction<String, String, List<Map<String, Object>>> answer) {
        this.flux = answer;
        return this;
    }

    FakeEvidence grafana(String path, String json) {
        try {
            grafana.put(path, JSON.readTree(json));
        } catch (Exception e) {
            throw new UncheckedIOException(new java.io.IOException(e));
        }
        return this;
    }

    FakeEvidence mqttDown() {
        mqttDown = true;
        return this;
    }

    @Override
    public Map<String, JsonNode> retained() {
        if (mqttDown) {
            throw new Unavailable("MQTT", "broker down");
        }
        return retained;
    }

    @Override
    public List<Map<String, Object>> devices() {
        return devices;
    }

    @Override
    public List<Map<String, Object>> flux(String predicate, String tail) {
        return flux.apply(predicate, tail);
    }

    @Override
    public Optional<JsonNode> grafana(String path) {
        return Optional.ofNullable(grafana.get(path));
    }

    @Override
    public boolean grafanaConfigured() {
        return !grafana.isEmpty();
    }

}
