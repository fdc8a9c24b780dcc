package dev.iotlab.api.progress;

import static dev.iotlab.api.progress.ProgressRules.isTrue;
import static dev.iotlab.api.progress.ProgressRules.module;
import static dev.iotlab.api.progress.ProgressRules.number;
import static dev.iotlab.api.progress.ProgressRules.rule;
import static dev.iotlab.api.progress.ProgressRules.text;
import static dev.iotlab.api.progress.ProgressRules.NO_GRAFANA;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iotlab.api.progress.ProgressRules.Dashboard;
import dev.iotlab.api.progress.ProgressRules.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules of modules 8 to 10 (workshop/EVIDENCE.md): home automation (rules, the AC and its hysteresis, a
 * schedule), the advanced topics (health monitor, TLS, resilience, batches) and the capstone.
 */
final class AutomationRules {
    private AutomationRules() {
    }

    static ModuleResult module8(Reading r) {
        List<Event> events = r.events("module08");
        List<Event> ruleEvents = events.stream().filter(e -> "rule".equals(e.kind())).toList();
        Set<String> names = new TreeSet<>();
        ruleEvents.forEach(e -> names.add(e.rule()));
        List<RuleResult> rules = new ArrayList<>();
        rules.add(rule("m8.rules", names.size() >= 2, names.size() + " rules acted: " + String.join(", ", names),
                names.size() + " of your rules acted (2 needed): run python exercises/module08/home_automation.py "
                        + "with --ac-on/--ac-off near the room's current temperature so the AC rule acts now."));
        List<Event> ac = ruleEvents.stream().filter(e -> e.deviceId().startsWith("ac-")).toList();
        rules.add(rule("m8.ac", !ac.isEmpty(), "the AC rule switched an AC",
                "Your AC rule has not acted yet: above its on threshold it must publish {\"action\": \"on\"} to "
                        + "automation/ac/<room>."));
        rules.add(hysteresis(ac));
        rules.add(rule("m8.schedule", events.stream().anyMatch(e -> "schedule".equals(e.kind())),
                "a scheduled routine ran", "No scheduled routine ran yet: add one a few minutes ahead "
                        + "(--routine-in 2) and keep the program running past that time."));
        return module(8, rules);
    }

    static RuleResult hysteresis(List<Event> ac) {
        String done = "no flapping: the AC rules use hysteresis";
        if (ac.isEmpty()) {
            return rule("m8.hysteresis", false, done,
                    "No AC rule has acted yet, so hysteresis cannot be judged (see the AC rule).");
        }
        String run = ac.stream().max(Comparator.comparing(Event::time)).orElseThrow().run();
        Map<String, List<Event>> byRule = new LinkedHashMap<>();
        ac.stream().filter(e -> Objects.equals(run, e.run())).sorted(Comparator.comparing(Event::time))
                .forEach(e -> byRule.computeIfAbsent(e.rule(), x -> new ArrayList<>()).add(e));
        for (List<Event> seq : byRule.values()) {
            for (int i = 1; i < seq.size(); i++) {
                Event a = seq.get(i - 1);
                Event b = seq.get(i);
                if (Objects.equals(a.action(), b.action())) {
                    return rule("m8.hysteresis", false, done, "Rule " + b.rule() + " sent \"" + b.action()
                            + "\" twice in a row: remember the state you set and act only when it changes.");
                }
            }
        }
        for (List<Event> seq : byRule.values()) {
            for (int i = 1; i < seq.size(); i++) {
                Event a = seq.get(i - 1);
                Event b = seq.get(i);
                long seconds = Duration.between(a.time(), b.time()).toMillis() / 1000;
                if (Duration.between(a.time(), b.time()).compareTo(Duration.ofSeconds(60)) < 0) {
                    return rule("m8.hysteresis", false, done, "Rule " + b.rule() + " switched " + a.action()
                            + " then " + b.action() + " only " + seconds + " s apart: that is flapping. Use two "
                            + "thresholds (on above 25 °C, off below 23 °C) and do nothing in between.");
                }
            }
        }
        return rule("m8.hysteresis", true, done, "");
    }

    static ModuleResult module9(Reading r) {
        Optional<JsonNode> health = r.object("workshop/module09/health");
        List<RuleResult> rules = new ArrayList<>();
        String status = health.map(h -> h.path("api").get("status")).map(ProgressRules::text).orElse("");
        JsonNode metrics = health.map(h -> h.get("metrics")).orElse(null);
        int k = metrics != null && metrics.isObject() ? metrics.size() : 0;
        rules.add(rule("m9.health", health.isPresent() && "healthy".equals(status) && k >= 1,
                "health monitor: API healthy, " + k + " metrics read", health.isEmpty()
                        ? "Run python exercises/module09/health_monitor.py: it publishes its report on "
                                + "workshop/module09/health."
                        : "Your health report says the API is \"" + status + "\" and read " + k + " metric(s) from "
                                + "/metrics: check FLASK_API_URL and API_TOKEN, and parse the Prometheus text."));
        JsonNode mqtt = health.map(h -> h.get("mqtt")).orElse(null);
        boolean tls = mqtt != null && isTrue(mqtt.get("tls"));
        rules.add(rule("m9.tls", tls, "report published over MQTT with TLS (" + (mqtt == null ? "" : text(mqtt.get(
                "transport"))) + ")", "Your health monitor published without TLS: run it with --websocket "
                + "(MQTT_WS_URL=wss://<your-host>/mqtt)."));
        JsonNode selftest = health.map(h -> h.get("selftest")).orElse(null);
        List<String> failing = new ArrayList<>();
        for (String c : List.of("rate_limiter", "retry", "circuit_breaker")) {
            if (selftest == null || !selftest.isObject() || !isTrue(selftest.get(c))) {
                failing.add(c);
            }
        }
        rules.add(rule("m9.resilience", failing.isEmpty(),
                "rate limiter, retry and circuit breaker pass their self-test", "Not working yet: "
                        + String.join(", ", failing) + ". Finish exercises/module09/resilience.py - python "
                        + "exercises/module09/resilience.py tests it and says what is wrong."));
        long n = r.count("r._measurement == \"module09_batch\" and r._field == \"value\"");
        rules.add(rule("m9.batch", n >= 100, n + " points written in batches",
                n + " of 100 points in module09_batch: run python exercises/module09/batch_writer.py."));
        return module(9, rules);
    }

    static ModuleResult module10(Reading r) {
        List<Event> events = r.events("module10");
        Set<String> names = new TreeSet<>();
        events.stream().filter(e -> "rule".equals(e.kind())).forEach(e -> names.add(e.rule()));
        List<RuleResult> rules = new ArrayList<>();
        rules.add(rule("m10.rules", names.size() >= 5, names.size() + " rules acted: " + String.join(", ", names),
                names.size() + " of 5 rules acted: run python exercises/module10/smart_home.py and set the "
                        + "thresholds in its settings near the house's current readings."));
        rules.add(rule("m10.schedule", events.stream().anyMatch(e -> "schedule".equals(e.kind())),
                "a scheduled routine ran", "No scheduled routine of the capstone ran yet: schedule one a few minutes "
                        + "ahead (--routine-in 2)."));
        Optional<JsonNode> status = r.object("workshop/module10/status");
        String api = status.map(s -> s.path("api").get("status")).map(ProgressRules::text).orElse("");
        rules.add(rule("m10.status", "healthy".equals(api), "smart home reports healthy ("
                + status.map(s -> number(s.get("rules_fired"))).orElse("0") + " actions)", status.isEmpty()
                ? "Your smart home has not published workshop/module10/status: it does so when it starts and every "
                        + "30 s."
                : "Your smart home reports the API as \"" + api + "\": check FLASK_API_URL and API_TOKEN."));
        if (!r.evidence.grafanaConfigured()) {
            rules.add(rule("m10.dashboard", false, "", NO_GRAFANA));
            rules.add(rule("m10.alert", false, "", NO_GRAFANA));
        } else {
            List<Dashboard> dashboards = r.dashboards("capstone");
            Optional<Dashboard> good = dashboards.stream()
                    .filter(d -> d.queryPanels().size() >= 4 && r.dataProblem(d).isEmpty()).findFirst();
            Dashboard shown = good.orElse(dashboards.isEmpty() ? null : dashboards.get(0));
            String problem = shown == null ? "" : shown.queryPanels().size() < 4
                    ? shown.queryPanels().size() + " panels"
                    : r.missingMeasurement(shown).map(m -> "measurement \"" + m + "\" has no data")
                            .orElse(shown.queryPanels().size() + " panels");
            rules.add(rule("m10.dashboard", good.isPresent(), shown == null ? "" : "capstone dashboard \""
                    + shown.title() + "\" with " + shown.queryPanels().size() + " panels", shown == null
                    ? "No Grafana dashboard tagged capstone: publish yours (smart_home.py --dashboards)."
                    : "Your capstone dashboard \"" + shown.title() + "\" needs at least 4 panels that query data your "
                            + "bucket has (" + problem + ")."));
            Optional<JsonNode> alert = r.alertRules().stream()
                    .filter(a -> "capstone".equals(text(a.path("labels").get("workshop")))).findFirst();
            rules.add(rule("m10.alert", alert.isPresent(), "capstone alert rule \""
                    + alert.map(a -> text(a.get("title"))).orElse("") + "\"",
                    "No alert rule labelled workshop=capstone: create one with smart_home.py --dashboards."));
        }
        Optional<JsonNode> flow = r.object("workshop/module10/flow")
                .filter(f -> "node-red".equals(text(f.get("source"))));
        int k = flow.map(f -> f.get("devices")).filter(JsonNode::isArray).map(JsonNode::size).orElse(0);
        rules.add(rule("m10.flow", k >= 10, "capstone Node-RED flow shows " + k + " devices", flow.isEmpty()
                ? "Your capstone Node-RED flow has not reported on workshop/module10/flow: deploy it (smart_home.py "
                        + "--dashboards)."
                : "Your capstone Node-RED flow received readings from " + k + " device(s) (10 needed): subscribe "
                        + "sensors/+/+."));
        return module(10, rules);
    }
}
