package dev.iotlab.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a lab's progress travels from the lab API (which measures it, workshop/EVIDENCE.md) to the operator (which
 * shows it in the IotLab status): the API keeps a {@link Report} as JSON under {@link #KEY} of the ConfigMap
 * {@link #CONFIG_MAP} in the lab's namespace. One writer ({@link Report#toJson}), one reader ({@link #parse}, bounded,
 * because it comes from inside a student's namespace). Never a secret in it.
 */
public final class ProgressContract {
    public static final String CONFIG_MAP = "lab-progress";
    public static final String KEY = "progress.json";
    public static final int MODULES = 10;
    static final int MAX_MODULES = 20;
    static final int MAX_MISSING = 10;
    static final int MAX_TEXT = 300;
    static final int MAX_JSON = 64 * 1024;

    /** Which ConfigMap the API keeps its report in; unset = it keeps none (outside a cluster). */
    public static final Setting<String> CONFIG_MAP_SETTING = Setting.text("IOTLAB_PROGRESS_CONFIGMAP", null,
            "ConfigMap of the lab's namespace the API keeps the progress report in (the operator sets lab-progress).");
    public static final Setting<Integer> INTERVAL_SECONDS = Setting.integer("API_PROGRESS_INTERVAL_SECONDS", 30, 1,
            3600, "Seconds between two progress measurements (retained workshop evidence is also seen at once).");
    public static final Setting<String> GRAFANA_URL = Setting.text("GRAFANA_URL", null,
            "Grafana base URL (with its sub-path) the API reads module 6 and 10 evidence from; unset: those rules "
                    + "are missing.");
    public static final Setting<String> GRAFANA_USER = Setting.text("GRAFANA_USER", "admin", "Grafana login.");
    public static final Setting<String> GRAFANA_PASSWORD = Setting.secret("GRAFANA_PASSWORD", "Grafana password.");
    public static final List<Setting<?>> SETTINGS = List.of(CONFIG_MAP_SETTING, INTERVAL_SECONDS, GRAFANA_URL,
            GRAFANA_USER, GRAFANA_PASSWORD);

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProgressContract() {
    }

    public record Module(int module, String title, boolean done, List<String> missing) {
    }

    /** summary "6/10"; lastActivity an ISO instant or null. */
    public record Report(String summary, List<Module> modules, String lastActivity) {
        public static Report of(List<Module> modules, Instant lastActivity) {
            long done = modules.stream().filter(Module::done).count();
            return new Report(done + "/" + modules.size(), List.copyOf(modules),
                    lastActivity == null ? null : lastActivity.toString());
        }

        public String toJson() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("summary", summary);
            List<Map<String, Object>> list = new ArrayList<>();
            for (Module m : modules) {
                Map<String, Object> module = new LinkedHashMap<>();
                module.put("module", m.module());
                module.put("title", m.title());
                module.put("done", m.done());
                module.put("missing", m.missing());
                list.add(module);
            }
            out.put("modules", list);
            if (lastActivity != null) {
                out.put("lastActivity", lastActivity);
            }
            try {
                return JSON.writeValueAsString(out);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The report a ConfigMap holds, or empty when it holds nothing usable (never written, unreadable, too big). */
    public static Optional<Report> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_JSON) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(text);
            JsonNode modules = root.path("modules");
            if (!modules.isArray()) {
                return Optional.empty();
            }
            List<Module> result = new ArrayList<>();
            for (JsonNode m : modules) {
                if (result.size() == MAX_MODULES) {
                    break;
                }
                int number = m.path("module").asInt(-1);
                if (number < 1 || number > 99) {
                    return Optional.empty();
                }
                List<String> missing = new ArrayList<>();
                for (JsonNode what : m.path("missing")) {
                    if (missing.size() == MAX_MISSING) {
                        break;
                    }
                    missing.add(clip(what.asText()));
                }
                boolean done = m.path("done").asBoolean(false) && missing.isEmpty();
                result.add(new Module(number, m.hasNonNull("title") ? clip(m.get("title").asText()) : null, done,
                        List.copyOf(missing)));
            }
            return Optional.of(Report.of(result, instant(root.path("lastActivity"))));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static Instant instant(JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String clip(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 1) + "…";
    }
}
