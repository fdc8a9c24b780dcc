package dev.iotlab.api.devices;

import dev.iotlab.contract.MqttTopics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotlab.api.mqtt.MqttGateway;
import dev.iotlab.api.web.AnyContentType;
import dev.iotlab.api.web.ApiException;
import dev.iotlab.api.web.Checks;
import dev.iotlab.api.web.JsonBody;
import dev.iotlab.api.web.Success;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

@AnyContentType
@Controller("/devices")
@Tag(name = "devices")
@ExecuteOn(TaskExecutors.BLOCKING)
public class DeviceController {
    private static final Set<String> STATUSES = Set.of("active", "inactive", "maintenance");
    private static final Set<String> ACTIONS = Set.of("on", "off", "toggle", "set");
    private static final String REGISTER_EXAMPLE = "{\"device_id\": \"temp-003\", \"device_type\": \"temperature\", "
            + "\"device_name\": \"Kitchen thermometer\"}";

    private final DeviceRegistry registry;
    private final MqttGateway mqtt;
    private final JsonBody json;

    public DeviceController(DeviceRegistry registry, MqttGateway mqtt, JsonBody json) {
        this.registry = registry;
        this.mqtt = mqtt;
        this.json = json;
    }

    @Post("/register")
    @Operation(summary = "Register a device (201)")
    public HttpResponse<Map<String, Object>> register(@Body @Nullable String body) {
        ObjectNode req = json.parse(body, REGISTER_EXAMPLE);
        String id = Checks.id("device_id", Checks.requiredText(req, "device_id", "\"temp-003\""));
        String type = Checks.id("device_type", Checks.requiredText(req, "device_type", "\"temperature\""));
        String name = Checks.optionalText(req, "device_name", 128);
        String registeredAt = Checks.optionalText(req, "registered_at", 64);
        Map<String, Object> device = registry.register(id, type, name, registeredAt);
        return HttpResponse.status(HttpStatus.CREATED).body(Success.of("device", device));
    }

    @Get("/list")
    @Operation(summary = "All devices: registered through the API or announced by the simulator")
    public Map<String, Object> list() {
        List<Map<String, Object>> devices = registry.list();
        return Success.of("devices", devices, "count", devices.size());
    }

    @Get("/{id}")
    @Operation(summary = "One device, with its last acknowledged state")
    public Map<String, Object> get(@PathVariable String id) {
        Map<String, Object> device = registry.get(id).orElseThrow(DeviceController::notFound);
        return Success.of("device", device);
    }

    @Put("/{id}/status")
    @Operation(summary = "Set status: active, inactive or maintenance")
    public Map<String, Object> status(@PathVariable String id, @Body @Nullable String body) {
        if (registry.get(id).isEmpty()) {
            throw notFound();
        }
        ObjectNode req = json.parse(body, "{\"status\": \"maintenance\"}");
        String status = Checks.requiredText(req, "status", "\"maintenance\"");
        if (!STATUSES.contains(status)) {
            throw ApiException.badRequest("Invalid status '" + status + "': use active, inactive or maintenance");
        }
        Map<String, Object> device = registry.setStatus(id, status).orElseThrow(DeviceController::notFound);
        return Success.of("device", device);
    }

    @Delete("/{id}")
    @Operation(summary = "Remove a device from the registry")
    public Map<String, Object> delete(@PathVariable String id) {
        if (!registry.delete(id)) {
            throw notFound();
        }
        return Success.of("message", "Device " + id + " deleted");
    }

    @Post("/{id}/command")
    @Operation(summary = "Send a command to a device over MQTT (devices/{id}/command): on, off, toggle, set+setpoint")
    public Map<String, Object> command(@PathVariable String id, @Body @Nullable String body) {
        Map<String, Object> device = registry.get(id).orElseThrow(DeviceController::notFound);
        ObjectNode req = json.parse(body, "{\"action\": \"on\"} or {\"action\": \"set\", \"setpoint\": 22.5}");
        String action = Checks.requiredText(req, "action", "\"on\"");
        if (!ACTIONS.contains(action)) {
            throw ApiException.badRequest("Invalid action '" + action + "': use on, off, toggle or set");
        }
        if (device.get("commands") instanceof List<?> accepted && !accepted.isEmpty() && !accepted.contains(action)) {
            throw ApiException.badRequest("Device " + id + " does not accept '" + action + "'; it accepts: "
                    + String.join(", ", accepted.stream().map(String::valueOf).toList()));
        }
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("action", action);
        if (action.equals("set")) {
            JsonNode sp = req.get("setpoint");
            if (sp == null || !sp.isNumber() || !Double.isFinite(sp.asDouble())) {
                throw ApiException.badRequest("Action 'set' needs a numeric 'setpoint', e.g. "
                        + "{\"action\": \"set\", \"setpoint\": 22.5}");
            }
            command.put("setpoint", sp.asDouble());
        }
        String topic = MqttTopics.deviceCommand(id);
        byte[] payload;
        try {
            payload = json.mapper().writeValueAsString(command).getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("Command cannot be serialised");
        }
        long messageId = mqtt.publish(topic, payload, 1, false);
        return Success.of("device_id", id, "topic", topic, "command", command, "message_id", messageId);
    }

    private static ApiException notFound() {
        return ApiException.notFound("Device not found");
    }
}
