package dev.iotlab.api.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The progress rules of workshop/EVIDENCE.md, in Java: the same ids, conditions, done lines and hints as the
 * Python checker (iotlab_workshop/check.py), one class per group of modules ({@link BasicsRules} 1-4,
 * {@link ToolsRules} 5-7, {@link AutomationRules} 8-10); here the evaluation, the evidence types and what the rules
 * share. Each evaluation reads each source at most once ({@link Reading}).
 */
public final class ProgressRules {
    public static final List<String> TITLES = List.of("Introduction", "MQTT basics", "Time-series database",
            "REST API", "Node-RED", "Visualisation", "Simulator", "Home automation", "Advanced topics", "Capstone");
    static final String NO_GRAFANA = "Grafana is not configured for this lab (GRAFANA_URL is not in the .env).";

    private ProgressRules() {
    }

    /** Every module, 1..10, and the problems met while reading evidence (each once). */
    public static Evaluation evaluate(Evidence evidence) {
        Reading r = new Reading(evidence);
        List<ModuleResult> modules = List.of(BasicsRules.module1(r), BasicsRules.module2(r), BasicsRules.module3(r),
                BasicsRules.module4(r), ToolsRules.module5(r), ToolsRules.module6(r), ToolsRules.module7(r),
                AutomationRules.module8(r), AutomationRules.module9(r), AutomationRules.module10(r));
        return new Evaluation(modules, List.copyOf(r.notes));
    }

    public record Evaluation(List<ModuleResult> modules, List<String> notes) {
        public long done() {
            return modules.stream().filter(ModuleResult::done).count();
        }

        public String summary() {
            return done() + "/" + modules.size();
        }
    }

    // --- evidence as Reading gives it -------------------------------------------------------------------------

    record Event(Instant time, String rule, String kind, String action, String deviceId, String run) {
    }

    record Panel(String title, List<String> queries) {
    }

    record Dashboard(String title, List<Panel> queryPanels) {
    }

    // --- what the rules of every module share ----------------------------------------------------------------

    static ModuleResult module(int number, List<RuleResult> rules) {
        return new ModuleResult(number, TITLES.get(number - 1), List.copyOf(rules));
    }

    static RuleResult rule(String id, boolean ok, String done, String missing) {
        return new RuleResult(id, ok, ok ? done : missing);
    }

    static boolean isTrue(JsonNode node) {
        return node != null && node.isBoolean() && node.asBoolean();
    }

    static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return "";
        }
        return node.isTextual() ? node.asText() : node.toString();
    }

    static String str(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    static String number(JsonNode node) {
        if (node == null || !node.isNumber()) {
            return "0";
        }
        return node.isIntegralNumber() ? node.asText() : String.valueOf(node.asDouble());
    }

    static boolean nonEmpty(Object state) {
        if (state == null) {
            return false;
        }
        if (state instanceof String s) {
            return !s.isEmpty();
        }
        if (state instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (state instanceof java.util.Collection<?> c) {
            return !c.isEmpty();
        }
        return true;
    }

    static String one(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
