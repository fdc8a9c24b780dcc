package dev.iotlab.api.progress;

import static dev.iotlab.api.progress.ProgressRules.str;
import static dev.iotlab.api.progress.ProgressRules.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iotlab.api.progress.ProgressRules.Dashboard;
import dev.iotlab.api.progress.ProgressRules.Event;
import dev.iotlab.api.progress.ProgressRules.Panel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One evaluation's view of the sources: each read at most once, failures turned into notes. */
final class Reading {
    private static final Pattern MEASUREMENT = Pattern.compile(
            "r(?:\\._measurement|\\[\\s*\"_measurement\"\\s*])\\s*==\\s*\"([^\"]*)\"|\"([^\"]*)\"\\s*==\\s*r(?:\\._measurement|\\[\\s*\"_measurement\"\\s*])");
    final Evidence evidence;
    final Set<String> notes = new LinkedHashSet<>();
    private Map<String, JsonNode> retained;
    private List<Map<String, Object>> devices;
    private final Map<String, Object> cache = new LinkedHashMap<>();

    Reading(Evidence evidence) {
        this.evidence = evidence;
    }

    Optional<JsonNode> retained(String topic) {
        if (retained == null) {
            retained = read(evidence::retained, Map.of());
        }
        return Optional.ofNullable(retained.get(topic));
    }

    Optional<JsonNode> object(String topic) {
        return retained(topic).filter(JsonNode::isObject);
    }

    List<Map<String, Object>> devices() {
        if (devices == null) {
            devices = read(evidence::devices, List.of());
        }
        return devices;
    }

    long count(String predicate) {
        return cached("count " + predicate, () -> flux(predicate, "|> group() |> count()").stream()
                .mapToLong(row -> row.get("value") instanceof Number n ? n.longValue() : 0).sum());
    }

    boolean any(String predicate) {
        return cached("any " + predicate, () -> !flux(predicate, "|> limit(n: 1)").isEmpty());
    }

    Set<String> distinct(String predicate, String tag) {
        return cached("distinct " + tag + " " + predicate, () -> {
            Set<String> values = new TreeSet<>();
            for (Map<String, Object> row : flux(predicate, "|> group(columns: [\"" + tag + "\"]) |> count()")) {
                Object v = row.get("tags") instanceof Map<?, ?> tags ? tags.get(tag) : null;
                if (v != null) {
                    values.add(String.valueOf(v));
                }
            }
            return values;
        });
    }

    Optional<Double> aggregate(String predicate, String function) {
        return cached(function + " " + predicate, () -> flux(predicate, "|> group() |> " + function + "()")
                .stream().map(row -> row.get("value")).filter(v -> v instanceof Number)
                .map(v -> ((Number) v).doubleValue()).findFirst());
    }

    List<Event> events(String source) {
        return cached("events " + source, () -> flux("r._measurement == \"automation_events\" and "
                + "r._field == \"value\" and r.source == \"" + source + "\"", "").stream()
                .map(row -> {
                    Map<?, ?> tags = row.get("tags") instanceof Map<?, ?> t ? t : Map.of();
                    return new Event(Instant.parse(String.valueOf(row.get("time"))), str(tags.get("rule")),
                            str(tags.get("kind")), str(tags.get("action")), str(tags.get("device_id")),
                            str(tags.get("run")));
                }).toList());
    }

    List<Dashboard> dashboards(String tag) {
        return cached("dashboards " + tag, () -> {
            List<Dashboard> out = new ArrayList<>();
            JsonNode found = grafana("/api/search?tag=" + tag + "&type=dash-db").orElse(null);
            if (found == null || !found.isArray()) {
                return out;
            }
            for (JsonNode hit : found) {
                JsonNode full = grafana("/api/dashboards/uid/" + text(hit.get("uid"))).orElse(null);
                JsonNode dashboard = full == null ? null : full.get("dashboard");
                List<Panel> panels = new ArrayList<>();
                if (dashboard != null) {
                    collectPanels(dashboard.get("panels"), panels);
                }
                String title = dashboard != null && dashboard.hasNonNull("title") ? text(dashboard.get("title"))
                        : text(hit.get("title"));
                out.add(new Dashboard(title, panels));
            }
            return out;
        });
    }

    List<JsonNode> alertRules() {
        return cached("alerts", () -> {
            List<JsonNode> out = new ArrayList<>();
            grafana("/api/v1/provisioning/alert-rules").filter(JsonNode::isArray).ifPresent(a -> a.forEach(out::add));
            return out;
        });
    }

    /** m6.data: empty when every measurement the panels name has data; else the hint. */
    Optional<String> dataProblem(Dashboard d) {
        Map<String, String> named = measurements(d);
        if (named.isEmpty()) {
            return Optional.of("Your panels' queries name no measurement: filter on r._measurement == "
                    + "\"temperature\" (or another measurement the simulator writes).");
        }
        for (Map.Entry<String, String> e : named.entrySet()) {
            if (!any("r._measurement == \"" + e.getKey().replace("\"", "\\\"") + "\"")) {
                return Optional.of("Panel \"" + e.getValue() + "\" queries measurement \"" + e.getKey()
                        + "\", which nothing in your bucket has written: use one the simulator writes "
                        + "(temperature, humidity, ...).");
            }
        }
        return Optional.empty();
    }

    Optional<String> missingMeasurement(Dashboard d) {
        return measurements(d).keySet().stream()
                .filter(m -> !any("r._measurement == \"" + m.replace("\"", "\\\"") + "\"")).findFirst();
    }

    private List<Map<String, Object>> flux(String predicate, String tail) {
        return read(() -> evidence.flux(predicate, tail), List.of());
    }

    private Optional<JsonNode> grafana(String path) {
        return read(() -> evidence.grafana(path), Optional.empty());
    }

    @SuppressWarnings("unchecked")
    private <T> T cached(String key, java.util.function.Supplier<T> compute) {
        if (!cache.containsKey(key)) {
            cache.put(key, compute.get());
        }
        return (T) cache.get(key);
    }

    private <T> T read(java.util.function.Supplier<T> source, T whenUnavailable) {
        try {
            return source.get();
        } catch (Evidence.Unavailable e) {
            notes.add(e.getMessage());
            return whenUnavailable;
        }
    }

    /** Measurement name → the title of the first panel naming it, in panel order. */
    private static Map<String, String> measurements(Dashboard d) {
        Map<String, String> named = new LinkedHashMap<>();
        for (Panel p : d.queryPanels()) {
            for (String q : p.queries()) {
                Matcher m = MEASUREMENT.matcher(q);
                while (m.find()) {
                    named.putIfAbsent(m.group(1) != null ? m.group(1) : m.group(2), p.title());
                }
            }
        }
        return named;
    }

    /** Panels with at least one non-empty query string among their targets; rows' panels included. */
    private static void collectPanels(JsonNode panels, List<Panel> out) {
        if (panels == null || !panels.isArray()) {
            return;
        }
        for (JsonNode p : panels) {
            List<String> queries = new ArrayList<>();
            for (JsonNode t : p.path("targets")) {
                JsonNode q = t.get("query");
                if (q != null && q.isTextual() && !q.asText().isBlank()) {
                    queries.add(q.asText());
                }
            }
            if (!queries.isEmpty()) {
                out.add(new Panel(text(p.get("title")), queries));
            }
            collectPanels(p.get("panels"), out);
        }
    }

    // --- small helpers -------------------------------------------------------------------------------------------
}
