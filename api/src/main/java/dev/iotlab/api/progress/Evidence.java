package dev.iotlab.api.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The four read-only sources of evidence of workshop/EVIDENCE.md, as the lab API sees them from inside the lab.
 * A source that cannot be read throws {@link Unavailable}; the rules needing it are then missing and the problem
 * becomes one note.
 */
public interface Evidence {
    /** retained(T) for every T under workshop/#: JSON when the payload parses, else a text node. */
    Map<String, JsonNode> retained();

    /** The device registry, as GET /devices/list returns it. */
    List<Map<String, Object>> devices();

    /** Rows of {@code from(bucket) |> range(start: -30d) |> filter(fn: (r) => <predicate>)<tail>}. */
    List<Map<String, Object>> flux(String predicate, String tail);

    /** Grafana's HTTP API; empty when Grafana is not configured for this lab. */
    Optional<JsonNode> grafana(String path);

    boolean grafanaConfigured();

    /** A source that could not be read at all. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String source, String problem) {
            super(source + ": " + problem);
        }
    }
}
