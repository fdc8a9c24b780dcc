package dev.iotlab.api;

import dev.iotlab.api.influx.InfluxGateway;
import dev.iotlab.api.mqtt.MqttGateway;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.iotlab.api.home.HomeController;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

@Controller
@Tag(name = "service")
public class RootController {
    static final String SERVICE = "iotlab-api";
    private final MqttGateway mqtt;
    private final InfluxGateway influx;
    private final PrometheusMeterRegistry prometheus;

    public RootController(MqttGateway mqtt, InfluxGateway influx, PrometheusMeterRegistry prometheus) {
        this.mqtt = mqtt;
        this.influx = influx;
        this.prometheus = prometheus;
    }

    // Both types declared: Micronaut answers 406 to an Accept it cannot meet before this method runs (curl -H 'Accept:
    // text/html' would otherwise never see the page; browsers happen to add */*).
    @Get(produces = {MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    @Operation(summary = "What this API offers (the original's index); browsers get the student's home page")
    public HttpResponse<?> index(HttpRequest<?> request) {
        if (HomeController.prefersHtml(request)) {
            return HomeController.page();
        }
        return HttpResponse.ok(original()).header("Vary", "Accept");
    }

    private static Map<String, Object> original() {
        Map<String, Object> endpoints = new LinkedHashMap<>();
        endpoints.put("mqtt", "/mqtt/publish, /mqtt/subscribe, /mqtt/test, /mqtt/messages, /mqtt/stream");
        endpoints.put("database", "/database/write, /database/query, /database/test");
        endpoints.put("devices", "/devices/register, /devices/list, /devices/{id}, /devices/{id}/status, "
                + "/devices/{id}/command");
        endpoints.put("health", "/health");
        endpoints.put("docs", "/docs");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("message", "IoT Lab API");
        out.put("version", "2.0.0");
        out.put("endpoints", endpoints);
        return out;
    }

    @Get("/health")
    @ExecuteOn(TaskExecutors.BLOCKING)
    @SecurityRequirements
    @Operation(summary = "Readiness: broker and database reported separately; 503 while either is down")
    public HttpResponse<Map<String, Object>> health() {
        boolean mqttUp = mqtt.isConnected();
        InfluxGateway.Health db = influx.health();
        boolean dbUp = db.up();
        Map<String, Object> mqttStatus = new LinkedHashMap<>();
        mqttStatus.put("status", mqttUp ? "up" : "down");
        mqttStatus.put("broker", mqtt.broker());
        if (!mqttUp && mqtt.lastError() != null) {
            mqttStatus.put("detail", mqtt.lastError());
        }
        Map<String, Object> dbStatus = new LinkedHashMap<>();
        dbStatus.put("status", dbUp ? "up" : "down");
        dbStatus.put("url", influx.url());
        if (!dbUp) {
            dbStatus.put("detail", db.detail());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", mqttUp && dbUp ? "healthy" : "unhealthy");
        out.put("service", SERVICE);
        out.put("mqtt", mqttStatus);
        out.put("database", dbStatus);
        return HttpResponse.status(mqttUp && dbUp ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(out);
    }

    @Get("/livez")
    @SecurityRequirements
    @Operation(summary = "Liveness: 200 while the process runs")
    public Map<String, Object> livez() {
        return Map.of("status", "alive", "service", SERVICE);
    }

    @Get(value = "/metrics", produces = "text/plain; version=0.0.4; charset=utf-8")
    @SecurityRequirements
    @Operation(summary = "Prometheus metrics")
    public String metrics() {
        return prometheus.scrape();
    }

    @Get(value = "/openapi.yml", produces = "application/yaml")
    @SecurityRequirements
    @Operation(summary = "This API's OpenAPI 3 document")
    public HttpResponse<String> openapi() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/swagger/iotlab-api-1.0.yml")) {
            if (in == null) {
                return HttpResponse.notFound();
            }
            return HttpResponse.ok(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Get("/docs")
    @Hidden
    public HttpResponse<?> docs() {
        return HttpResponse.seeOther(URI.create("/swagger-ui/index.html"));
    }
}
