package dev.iotlab.api.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotlab.api.ApiSettings;
import dev.iotlab.api.devices.DeviceRegistry;
import dev.iotlab.api.influx.InfluxGateway;
import dev.iotlab.api.web.ApiException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The evidence as the API reads it in the lab: its own registry, its broker and database connections, Grafana. */
@Singleton
public class LabEvidence implements Evidence {
    private final RetainedWorkshop retained;
    private final DeviceRegistry devices;
    private final InfluxGateway influx;
    private final ApiSettings api;
    private final ProgressSettings settings;
    private final ObjectMapper mapper;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public LabEvidence(RetainedWorkshop retained, DeviceRegistry devices, InfluxGateway influx, ApiSettings api,
                       ProgressSettings settings, ObjectMapper mapper) {
        this.retained = retained;
        this.devices = devices;
        this.influx = influx;
        this.api = api;
        this.settings = settings;
        this.mapper = mapper;
    }

    @Override
    public Map<String, JsonNode> retained() {
        return retained.snapshot();
    }

    @Override
    public List<Map<String, Object>> devices() {
        return devices.list();
    }

    @Override
    public List<Map<String, Object>> flux(String predicate, String tail) {
        String flux = "from(bucket: \"" + api.influx().bucket() + "\") |> range(start: -30d) |> filter(fn: (r) => "
                + predicate + ") " + tail;
        try {
            return influx.query(flux);
        } catch (ApiException e) {
            throw new Unavailable("InfluxDB", e.getMessage());
        }
    }

    @Override
    public boolean grafanaConfigured() {
        return settings.grafanaUrl() != null;
    }

    @Override
    public Optional<JsonNode> grafana(String path) {
        if (settings.grafanaUrl() == null) {
            return Optional.empty();
        }
        String basic = Base64.getEncoder().encodeToString((settings.grafanaUser() + ":" + settings.grafanaPassword())
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.grafanaUrl().replaceAll("/+$", "") + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Basic " + basic)
                .header("Accept", "application/json").GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                throw new Unavailable("Grafana", "refused the lab's Grafana admin login (HTTP "
                        + response.statusCode() + ")");
            }
            return response.statusCode() == 200 ? Optional.of(mapper.readTree(response.body())) : Optional.empty();
        } catch (IOException e) {
            throw new Unavailable("Grafana", settings.grafanaUrl() + " not reachable (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("Grafana", "interrupted");
        }
    }
}
