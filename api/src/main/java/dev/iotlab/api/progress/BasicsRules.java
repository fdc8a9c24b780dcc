package dev.iotlab.api.progress;

import static dev.iotlab.api.progress.ProgressRules.isTrue;
import static dev.iotlab.api.progress.ProgressRules.module;
import static dev.iotlab.api.progress.ProgressRules.nonEmpty;
import static dev.iotlab.api.progress.ProgressRules.rule;
import static dev.iotlab.api.progress.ProgressRules.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of the first four modules (workshop/EVIDENCE.md): the environment check, MQTT basics (subscriber,
 * retained message, last will), the time-series database (points, Flux queries, the bridge) and the REST API.
 */
final class BasicsRules {
    private static final Pattern SENSOR_TOPIC = Pattern.compile("^sensors/([^/]+)/[^/]+$");

    private BasicsRules() {
    }

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
}
