package dev.iotlab.api.progress;

import static dev.iotlab.api.progress.ProgressRules.module;
import static dev.iotlab.api.progress.ProgressRules.number;
import static dev.iotlab.api.progress.ProgressRules.one;
import static dev.iotlab.api.progress.ProgressRules.rule;
import static dev.iotlab.api.progress.ProgressRules.text;
import static dev.iotlab.api.progress.ProgressRules.NO_GRAFANA;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iotlab.api.progress.ProgressRules.Dashboard;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules of modules 5 to 7 (workshop/EVIDENCE.md): the Node-RED flow and its dashboard, the Grafana dashboard,
 * its data and an alert rule, and the student's own simulated sensor.
 */
final class ToolsRules {
    private ToolsRules() {
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
}
