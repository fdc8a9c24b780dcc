package dev.iotlab.api.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotlab.api.ApiSettings;
import dev.iotlab.api.web.AnyContentType;
import dev.iotlab.api.web.ApiException;
import dev.iotlab.api.web.Checks;
import dev.iotlab.api.web.JsonBody;
import dev.iotlab.api.web.Success;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Flux;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@AnyContentType
@Controller("/mqtt")
@Tag(name = "mqtt")
@ExecuteOn(TaskExecutors.BLOCKING)
public class MqttController {
    private static final String PUBLISH_EXAMPLE = "{\"topic\": \"lab/test\", \"message\": {\"value\": 21.5}, \"qos\": 0}";
    private static final String SUBSCRIBE_EXAMPLE = "{\"topic\": \"sensors/#\", \"qos\": 0}";
    private static final int MAX_LIMIT = 1000;

    private final MqttGateway mqtt;
    private final JsonBody json;
    private final ApiSettings settings;

    public MqttController(MqttGateway mqtt, JsonBody json, ApiSettings settings) {
        this.mqtt = mqtt;
        this.json = json;
        this.settings = settings;
    }

    @Post("/publish")
    @Operation(summary = "Publish a message: an object or array is sent as JSON, anything else as text")
    public Map<String, Object> publish(@Body @Nullable String body) {
        ObjectNode req = json.parse(body, PUBLISH_EXAMPLE);
        String topic = Checks.publishTopic(Checks.requiredText(req, "topic", "\"lab/test\""));
        JsonNode message = req.get("message");
        if (message == null || message.isNull()) {
            throw ApiException.badRequest("Missing required field 'message', e.g. " + PUBLISH_EXAMPLE);
        }
        int qos = Checks.qos(req);
        JsonNode retainNode = req.get("retain");
        boolean retain = retainNode != null && retainNode.asBoolean(false);
        byte[] payload = payload(message);
        if (payload.length > settings.service().maxPayloadBytes()) {
            throw ApiException.tooLarge("Message is " + payload.length + " bytes; the limit is "
                    + settings.service().maxPayloadBytes() + " bytes. Send smaller messages or split the data");
        }
        long id = mqtt.publish(topic, payload, qos, retain);
        return Success.of("topic", topic, "message", message, "message_id", id);
    }

    private byte[] payload(JsonNode message) {
        if (message.isTextual()) {
            return message.asText().getBytes(StandardCharsets.UTF_8);
        }
        try {
            return json.mapper().writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Field 'message' cannot be serialised");
        }
    }

    @Post("/subscribe")
    @Operation(summary = "Subscribe the API to a topic filter; read with GET /mqtt/messages or GET /mqtt/stream")
    public Map<String, Object> subscribe(@Body @Nullable String body) {
        ObjectNode req = json.parse(body, SUBSCRIBE_EXAMPLE);
        String topic = Checks.topicFilter(Checks.requiredText(req, "topic", "\"sensors/#\""));
        int qos = Checks.qos(req);
        long id = mqtt.subscribe(topic, qos);
        return Success.of("topic", topic, "qos", qos, "message_id", id,
                "messages_url", "/mqtt/messages?topic=" + java.net.URLEncoder.encode(topic, StandardCharsets.UTF_8));
    }

    @Get("/test")
    @Operation(summary = "Is the broker connected? 503 if not")
    public Map<String, Object> test() {
        if (!mqtt.isConnected()) {
            throw ApiException.unavailable("MQTT broker " + mqtt.broker() + " is not reachable"
                    + (mqtt.lastError() == null ? "" : " (" + mqtt.lastError() + ")"));
        }
        return Success.of("broker", mqtt.broker(), "status", "connected");
    }

    @Get("/messages")
    @Operation(summary = "Recent messages matching a topic filter (oldest first) from the bounded buffer")
    public Map<String, Object> messages(@QueryValue @Nullable String topic, @QueryValue @Nullable Integer limit) {
        if (topic == null) {
            throw ApiException.badRequest("Missing query parameter 'topic', e.g. /mqtt/messages?topic=sensors/%23");
        }
        Checks.topicFilter(topic);
        int n = limit == null ? 50 : limit;
        if (n < 1 || n > MAX_LIMIT) {
            throw ApiException.badRequest("Parameter 'limit' must be between 1 and " + MAX_LIMIT + " (got " + n + ")");
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (ReceivedMessage m : mqtt.buffer().recent(topic, n)) {
            list.add(view(m));
        }
        return Success.of("topic", topic, "subscribed", mqtt.isSubscribed(topic), "messages", list,
                "count", list.size());
    }

    @Get(value = "/stream", produces = MediaType.TEXT_EVENT_STREAM)
    @Operation(summary = "Server-sent events: one 'message' event per received message matching the filter")
    public Flux<Event<?>> stream(@QueryValue @Nullable String topic, @QueryValue @Nullable Integer qos) {
        if (topic == null) {
            throw ApiException.badRequest("Missing query parameter 'topic', e.g. /mqtt/stream?topic=sensors/%23");
        }
        Checks.topicFilter(topic);
        int q = Checks.qosParam(qos);
        mqtt.subscribe(topic, q);
        Flux<Event<?>> messages = mqtt.live()
                .filter(m -> Topics.matches(topic, m.topic()))
                .map(m -> Event.of(view(m)).name("message").id(Long.toString(m.sequence())));
        Flux<Event<?>> keepAlive = Flux.interval(Duration.ofSeconds(15)).map(i -> Event.of("").comment("keep-alive"));
        Event<?> hello = Event.of(Map.of("topic", topic, "qos", q)).name("subscribed");
        return Flux.<Event<?>>just(hello).concatWith(Flux.merge(messages, keepAlive));
    }

    private Map<String, Object> view(ReceivedMessage m) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("topic", m.topic());
        v.put("message", decode(m.payload()));
        v.put("qos", m.qos());
        v.put("retained", m.retained());
        v.put("received_at", dev.iotlab.api.influx.InfluxGateway.isoformat(m.receivedAt()));
        return v;
    }

    /** JSON payloads come back as JSON, anything else as text. */
    private Object decode(byte[] payload) {
        if (payload.length > 0 && (payload[0] == '{' || payload[0] == '[')) {
            try {
                return json.mapper().readTree(payload);
            } catch (java.io.IOException e) {
                // not JSON after all: text below
            }
        }
        return new String(payload, StandardCharsets.UTF_8);
    }
}
