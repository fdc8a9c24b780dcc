package dev.iotlab.api.devices;

import dev.iotlab.contract.MqttTopics;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotlab.api.ApiSettings;
import dev.iotlab.api.influx.InfluxGateway;
import dev.iotlab.api.mqtt.MqttGateway;
import dev.iotlab.api.mqtt.ReceivedMessage;
import io.micronaut.context.annotation.Context;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Devices registered through the API or announced by the simulator (retained devices/{id}/meta), with the last
 * state they acknowledged (devices/{id}/state). Persisted as JSON in API_DATA_DIR so a restart keeps it.
 */
@Context
@Singleton
public class DeviceRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceRegistry.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}");

    private final ObjectMapper mapper;
    private final Path file;
    private final LinkedHashMap<String, Map<String, Object>> devices = new LinkedHashMap<>();

    public DeviceRegistry(ApiSettings settings, ObjectMapper mapper, MqttGateway mqtt) {
        this.mapper = mapper;
        this.file = settings.dataDir().resolve("devices.json");
        load();
        mqtt.subscribeInternal(MqttTopics.ALL_DEVICE_META, 1, this::onMeta);
        mqtt.subscribeInternal(MqttTopics.ALL_DEVICE_STATES, 0, this::onState);
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            List<Map<String, Object>> stored = mapper.readValue(file.toFile(), new TypeReference<>() { });
            for (Map<String, Object> d : stored) {
                if (d.get("device_id") instanceof String id) {
                    devices.put(id, new LinkedHashMap<>(d));
                }
            }
            LOG.info("Loaded {} devices from {}", devices.size(), file);
        } catch (IOException | RuntimeException e) {
            Path aside = file.resolveSibling("devices.json.corrupt-" + System.currentTimeMillis());
            LOG.error("Device registry {} is unreadable ({}); moved to {} and starting empty", file, e.toString(),
                    aside);
            try {
                Files.move(file, aside);
            } catch (IOException ignored) {
                // starting empty is still right; the next save overwrites
            }
        }
    }

    private void save() {
        try {
            Path tmp = file.resolveSibling("devices.json.tmp");
            mapper.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), new ArrayList<>(devices.values()));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.error("Could not save device registry to {}: {}", file, e.toString());
        }
    }

    public synchronized Map<String, Object> register(String id, String type, String name, String registeredAt) {
        Map<String, Object> device = devices.computeIfAbsent(id, k -> new LinkedHashMap<>());
        device.put("device_id", id);
        device.put("device_type", type);
        device.put("device_name", name != null ? name : device.getOrDefault("device_name", id));
        device.put("status", device.getOrDefault("status", "active"));
        device.put("registered_at", registeredAt != null ? registeredAt : InfluxGateway.isoformat(Instant.now()));
        device.putIfAbsent("source", "api");
        save();
        return copy(device);
    }

    public synchronized List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        devices.values().forEach(d -> out.add(copy(d)));
        return out;
    }

    public synchronized Optional<Map<String, Object>> get(String id) {
        return Optional.ofNullable(devices.get(id)).map(DeviceRegistry::copy);
    }

    public synchronized Optional<Map<String, Object>> setStatus(String id, String status) {
        Map<String, Object> device = devices.get(id);
        if (device == null) {
            return Optional.empty();
        }
        device.put("status", status);
        device.put("updated_at", InfluxGateway.isoformat(Instant.now()));
        save();
        return Optional.of(copy(device));
    }

    public synchronized boolean delete(String id) {
        boolean removed = devices.remove(id) != null;
        if (removed) {
            save();
        }
        return removed;
    }

    private static Map<String, Object> copy(Map<String, Object> d) {
        return new LinkedHashMap<>(d);
    }

    /** A device announcement; an empty retained payload withdraws a device the simulator announced. */
    void onMeta(ReceivedMessage m) {
        String id = idFromTopic(m.topic());
        if (id == null) {
            return;
        }
        if (m.payload().length == 0) {
            synchronized (this) {
                Map<String, Object> d = devices.get(id);
                if (d != null && "mqtt".equals(d.get("source"))) {
                    devices.remove(id);
                    save();
                }
            }
            return;
        }
        JsonNode meta;
        try {
            meta = mapper.readTree(m.payload());
        } catch (IOException e) {
            LOG.warn("Ignoring unreadable announcement on {}", m.topic());
            return;
        }
        if (meta == null || !meta.isObject()) {
            LOG.warn("Ignoring announcement on {}: not a JSON object", m.topic());
            return;
        }
        synchronized (this) {
            Map<String, Object> d = devices.computeIfAbsent(id, k -> new LinkedHashMap<>());
            d.put("device_id", id);
            d.put("device_type", text(meta, "device_type", (String) d.getOrDefault("device_type", "unknown")));
            d.put("device_name", text(meta, "device_name", (String) d.getOrDefault("device_name", id)));
            d.putIfAbsent("status", "active");
            d.putIfAbsent("registered_at", InfluxGateway.isoformat(m.receivedAt()));
            putIfText(d, meta, "location");
            putIfText(d, meta, "unit");
            if (meta.get("commands") != null && meta.get("commands").isArray()) {
                List<String> commands = new ArrayList<>();
                meta.get("commands").forEach(c -> commands.add(c.asText()));
                d.put("commands", commands);
            }
            d.putIfAbsent("source", "mqtt");
            d.put("last_seen", InfluxGateway.isoformat(m.receivedAt()));
            save();
        }
    }

    /** A state acknowledgement after a command; kept on the device, not persisted on every reading. */
    void onState(ReceivedMessage m) {
        String id = idFromTopic(m.topic());
        if (id == null || m.payload().length == 0) {
            return;
        }
        JsonNode state;
        try {
            state = mapper.readTree(m.payload());
        } catch (IOException e) {
            return;
        }
        if (state == null || !state.isObject()) {
            return;
        }
        synchronized (this) {
            Map<String, Object> d = devices.get(id);
            if (d == null) {
                return;
            }
            for (String key : List.of("state", "value", "setpoint")) {
                JsonNode v = state.get(key);
                if (v != null && !v.isNull()) {
                    d.put(key, mapper.convertValue(v, Object.class));
                }
            }
            d.put("last_seen", InfluxGateway.isoformat(m.receivedAt()));
        }
    }

    private static String idFromTopic(String topic) {
        String id = MqttTopics.deviceIdOf(topic);
        return id != null && ID.matcher(id).matches() ? id : null;
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : fallback;
    }

    private static void putIfText(Map<String, Object> d, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v != null && v.isTextual()) {
            d.put(field, v.asText());
        }
    }
}
