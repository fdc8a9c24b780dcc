package dev.iotlab.api.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The progress rules of workshop/EVIDENCE.md, in Java: the same ids, conditions, done lines and hints as the
 * Python checker (iotlab_workshop/check.py). ProgressParityTest holds the two to the same verdict on a real lab.
 * Each evaluation reads each source at most once ({@link Reading}).
 */
public final class ProgressRules {
    public static final List<String> TITLES = List.of("Introduction", "MQTT basics", "Time-series database",
            "REST API", "Node-RED", "Visualisation", "Simulator", "Home automation", "Advanced topics", "Capstone");
    static final String NO_GRAFANA = "Grafana is not configured for this lab (GRAFANA_URL is not in the .env).";
    private static final Pattern SENSOR_TOPIC = Pattern.compile("^sensors/([^/]+)/[^/]+$");

    private ProgressRules() {
    }

    /** Every module, 1..10, and the problems met while reading evidence (each once). */
    public static Evaluation evaluate(Evidence evidence) {
        Reading r = new Reading(evidence);
        List<ModuleResult> modules = List.of(module1(r), module2(r), module3(r), module4(r), module5(r), module6(r),
                module7(r), module8(r), module9(r), module10(r));
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

    // --- the modules -----------------------------------------------------------------------------------------

    static ModuleResult module1(Reading r) {
        Optional<JsonNode> env = r.object("workshop/module01/environment");
        List<RuleResult> rules = new ArrayList<>();
        rules.add(rule("m1.report", env.isPresent(), "environment check ran",
                "Run python exercises/module01/check_environment.py: when it ends it publishes its result on "
                        + "workshop/module01/environment."));
        List<String> failing = new ArrayList<>();
        JsonNode checks = env.map(e -> e.get("checks")).orElse(null);
        for (String c : List.of("env", "mqtt", "api", "influxdb")) {
            if (checks == null || !checks.isObject() || !isTrue(checks.get(c))) {
                failing.add(c);
            }
        }
        rules.add(rule("m1.ok", failing.isEmpty(), "environment check passed",
                "Your environment check still fails: " + String.join(", ", failing)
                        + ". Run it again and fix what it names."));
        return module(1, rules);
    }

    static ModuleResult module2(Reading r) {
        List<RuleResult> rules = new ArrayList<>();
        Optional<JsonNode> sub = r.object("workshop/module02/subscriber");
        Set<String> topics = new TreeSet<>();
        Set<String> types = new TreeSet<>();
        String pattern = sub.map(s -> text(s.get("pattern"))).orElse("");
        sub.map(s -> s.get("topics")).filter(JsonNode::isArray).ifPresent(list -> list.forEach(t -> {
            Matcher m = SENSOR_TOPIC.matcher(t.isTextual() ? t.asText() : "");
            if (m.matches()) {
                topics.add(t.asText());
                types.add(m.group(1));
            }
        }));
        int n = topics.size();
        int k = types.size();
        String subscriberHint = sub.isEmpty()
                ? "Run python exercises/module02/subscriber.py: when it stops it publishes what it received on "
                        + "workshop/module02/subscriber."
                : n == 0
                        ? "Your subscriber (pattern " + pattern + ") received no sensor readings. The simulator "
                                + "publishes on three levels, sensors/<type>/<device>: subscribe to sensors/+/+ "
                                + "(sensors/+ matches only two levels)."
                        : "Your subscriber (pattern " + pattern + ") received " + n + " sensor topic(s) of " + k
                                + " type(s): subscribe to every sensor type with sensors/+/+ and listen a little "
                                + "longer.";
        rules.add(rule("m2.subscriber", sub.isPresent() && n >= 3 && k >= 2,
                "subscriber received " + n + " sensor topics of " + k + " types", subscriberHint));
        rules.add(rule("m2.retained", r.retained("workshop/module02/retained").isPresent(),
                "retained message published",
                "No retained message on workshop/module02/retained: publish it with retain=True "
                        + "(exercises/module02/retained_and_will.py, part 1)."));
        Optional<JsonNode> status = r.retained("workshop/module02/status");
        boolean offline = status.filter(s -> s.isTextual() && "offline".equals(s.asText())).isPresent();
        rules.add(rule("m2.will", offline, "last will delivered", status.isEmpty()
                ? "Nothing on workshop/module02/status: set a last will with will_set(..., retain=True), publish "
                        + "\"online\" there, then let the connection drop (part 2)."
                : "workshop/module02/status says \"" + text(status.get()) + "\": your last will was not delivered. "
                        + "A clean disconnect() cancels the will - drop the connection instead (part 2)."));
        return module(2, rules);
    }

    static ModuleResult module3(Reading r) {
        List<RuleResult> rules = new ArrayList<>();
        long n = r.count("r._measurement == \"workshop_readings\" and r._field == \"value\" and exists r.device_id "
                + "and exists r.location");
        String pointsHint = n < 10 && r.any("r._measurement == \"workshop_readings\" and r._field == \"location\"")
                ? "You wrote location as a field. Make it a tag (Point(...).tag(\"location\", ...)): tags are "
                        + "indexed, so you can filter and group by room; fields hold the measured values."
                : n + " of 10 points in workshop_readings with tags device_id and location and field value: finish "
                        + "exercises/module03/write_points.py (one point, then a batch).";
        rules.add(rule("m3.points", n >= 10, n + " points in workshop_readings with tags device_id and location",
                pointsHint));
        Optional<JsonNode> queries = r.object("workshop/module03/queries");
        int k = 0;
        JsonNode means = queries.map(q -> q.get("mean_per_device")).orElse(null);
        if (means != null && means.isObject()) {
            for (JsonNode v : means) {
                k += v.isNumber() ? 1 : 0;
            }
        }
        rules.add(rule("m3.queries", k >= 2, "your Flux queries returned means for " + k + " devices",
                queries.isEmpty()
                        ? "Run python exercises/module03/flux_queries.py: it publishes what your queries returned on "
                                + "workshop/module03/queries."
                        : "Your mean-per-device query returned " + k + " device(s): filter r._measurement == "
                                + "\"temperature\" and r._field == \"value\", then mean() - one table per device, so "
                                + "do not group() them together."));
        int devices = r.distinct("r._measurement == \"bridge_readings\" and r._field == \"value\"", "device_id")
                .size();
        rules.add(rule("m3.bridge", devices >= 3, "bridge wrote readings of " + devices + " devices",
                "Your bridge wrote readings of " + devices + " device(s) to bridge_readings (3 needed): run "
                        + "exercises/module03/mqtt_bridge.py for a minute; it must subscribe sensors/+/+ and tag "
                        + "each point with device_id."));
        return module(3, rules);
    }

    static ModuleResult module4(Reading r) {
        List<Map<String, Object>> mine = r.devices().stream().filter(d -> "api".equals(d.get("source"))).toList();
        List<RuleResult> rules = new ArrayList<>();
        rules.add(rule("m4.device", !mine.isEmpty(), mine.size() + " device(s) registered through the API",
                "Register a device: POST /devices/register with device_id and device_type "
                        + "(exercises/module04/api_tour.py, part 2)."));
        rules.add(rule("m4.status", mine.stream().anyMatch(d -> !"active".equals(d.get("status"))),
                "a device's status changed",
                "Change your device's status: PUT /devices/<id>/status with {\"status\": \"maintenance\"} (part 2)."));
        rules.add(rule("m4.write", r.any("r._measurement == \"api_readings\""),
                "a reading written through POST /database/write",
                "Write a reading through the API: POST /database/write with measurement api_readings, fields and "
                        + "tags (part 3)."));
        boolean commanded = r.devices().stream()
                .anyMatch(d -> "mqtt".equals(d.get("source")) && nonEmpty(d.get("state")));
        rules.add(rule("m4.command", commanded, "a command acknowledged by the simulator",
                "Send a command the simulator obeys: POST /devices/<id>/command with {\"action\": \"on\"} to one of "
                        + "its lights or switches (part 4)."));
        return module(4, rules);
    }

    static ModuleResult module5(Reading r) {
        Optional<JsonNode> flow = r.object("workshop/module05/flow")
                .filter(f -> "node-red".equals(text(f.get("source"))));
        int k = flow.map(f -> f.get("devices")).filter(JsonNode::isArray).map(JsonNode::size).orElse(0);
        List<RuleResult> rules = new ArrayList<>();
        rules.add(rule("m5.flow", k >= 3, "Node-RED flow running, " + k + " devices on the dashboard", flow.isEmpty()
                ? "Your Node-RED flow has not reported: deploy it (python exercises/module05/deploy_flow.py) - its "
                        + "report node publishes on workshop/module05/flow every 10 s."
                : "Your Node-RED flow runs but its mqtt in node received readings from " + k + " device(s): its "
                        + "topic must be sensors/+/+ and its output \"a parsed JSON object\"."));
        JsonNode commands = flow.map(f -> f.get("commands")).orElse(null);
        boolean pressed = commands != null && commands.isNumber() && commands.asDouble() >= 1;
        rules.add(rule("m5.button", pressed, number(commands) + " command(s) sent from the dashboard",
                "Press a button on your dashboard (/dashboard/module5): the flow counts the commands it sends."));
        return module(5, rules);
    }

    static ModuleResult module6(Reading r) {
        if (!r.evidence.grafanaConfigured()) {
            return module(6, List.of(rule("m6.dashboard", false, "", NO_GRAFANA), rule("m6.data", false, "", NO_GRAFANA),
                    rule("m6.alert", false, "", NO_GRAFANA)));
        }
        List<Dashboard> dashboards = r.dashboards("workshop");
        Optional<Dashboard> good = dashboards.stream().filter(d -> d.queryPanels().size() >= 2).findFirst();
        List<RuleResult> rules = new ArrayList<>();
        Dashboard shown = good.orElse(dashboards.isEmpty() ? null : dashboards.get(0));
        rules.add(rule("m6.dashboard", good.isPresent(),
                shown == null ? "" : "dashboard \"" + shown.title() + "\" with " + shown.queryPanels().size() + " panels",
                shown == null
                        ? "No Grafana dashboard tagged workshop: run python exercises/module06/grafana_dashboard.py (it "
                                + "creates the dashboard through Grafana's HTTP API)."
                        : "Your dashboard \"" + shown.title() + "\" has " + shown.queryPanels().size() + " panel(s) "
                                + "with a query: add at least 2 (e.g. temperature per room, humidity per room)."));
        Optional<String> dataProblem = good.map(d -> r.dataProblem(d))
                .orElse(Optional.of("Your panels' queries name no measurement: filter on r._measurement == "
                        + "\"temperature\" (or another measurement the simulator writes)."));
        rules.add(rule("m6.data", dataProblem.isEmpty(), "every panel queries data that exists",
                dataProblem.orElse("")));
        int alerts = r.alertRules().size();
        rules.add(rule("m6.alert", alerts > 0, alerts + " alert rule(s)",
                "No Grafana alert rule yet: create one through the provisioning API "
                        + "(exercises/module06/grafana_dashboard.py, part 3)."));
        return module(6, rules);
    }

    static ModuleResult module7(Reading r) {
        String co2 = "r._measurement == \"co2\" and r._field == \"value\" and exists r.device_id and exists r.location";
        long n = r.count(co2);
        List<RuleResult> rules = new ArrayList<>();
        rules.add(rule("m7.sensor", n >= 10, n + " readings of your CO2 sensor", "Your CO2 sensor wrote " + n
                + " of 10 readings to measurement co2 (tags device_id, device_type, location; field value): run "
                + "python exercises/module07/custom_sensor.py."));
        Optional<Double> min = r.aggregate(co2, "min");
        Optional<Double> max = r.aggregate(co2, "max");
        boolean some = min.isPresent() && max.isPresent();
        double lo = min.orElse(0.0);
        double hi = max.orElse(0.0);
        boolean ok = some && lo >= 300 && hi <= 5000 && hi - lo >= 1;
        rules.add(rule("m7.model", ok, "CO2 values vary between " + one(lo) + " and " + one(hi) + " ppm",
                some && hi - lo < 1
                        ? "All your CO2 readings are about " + one(lo) + " ppm: add the daily cycle and the noise so "
                                + "the values vary as a real room's do."
                        : "Your CO2 readings range from " + one(lo) + " to " + one(hi) + " ppm: a room's CO2 stays "
                                + "between 300 and 5000 ppm - check your model's base level and amplitude."));
        return module(7, rules);
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

    // --- evidence, read once per evaluation ------------------------------------------------------------------

    record Event(Instant time, String rule, String kind, String action, String deviceId, String run) {
    }

    record Panel(String title, List<String> queries) {
    }

    record Dashboard(String title, List<Panel> queryPanels) {
    }

    private static ModuleResult module(int number, List<RuleResult> rules) {
        return new ModuleResult(number, TITLES.get(number - 1), List.copyOf(rules));
    }

    private static RuleResult rule(String id, boolean ok, String done, String missing) {
        return new RuleResult(id, ok, ok ? done : missing);
    }

    private static boolean isTrue(JsonNode node) {
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

    private static String number(JsonNode node) {
        if (node == null || !node.isNumber()) {
            return "0";
        }
        return node.isIntegralNumber() ? node.asText() : String.valueOf(node.asDouble());
    }

    private static boolean nonEmpty(Object state) {
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

    private static String one(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

}
