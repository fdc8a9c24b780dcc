package dev.iotlab.operator.model;

import dev.iotlab.operator.customresource.Endpoint;
import java.util.List;

/** Every component a lab can run, in start-up order of their dependencies. The only place they are made. */
public final class Components {
    public static final EmqxComponent EMQX = new EmqxComponent();
    public static final InfluxDbComponent INFLUXDB = new InfluxDbComponent();
    public static final NodeRedComponent NODE_RED = new NodeRedComponent();
    public static final GrafanaComponent GRAFANA = new GrafanaComponent();
    public static final ApiComponent API = new ApiComponent();
    public static final SimulatorComponent SIMULATOR = new SimulatorComponent();

    public static final List<Component> ALL = List.of(EMQX, INFLUXDB, NODE_RED, GRAFANA, API, SIMULATOR);

    private Components() {
    }

    public static List<Component> enabled(Lab lab) {
        return ALL.stream().filter(c -> c.enabled(lab)).toList();
    }

    /** The component of that name (its Deployment's name, e.g. node-red). */
    public static Component named(String name) {
        return ALL.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no component named " + name + "; components are "
                        + String.join(", ", ALL.stream().map(Component::name).toList())));
    }

    /** Where the enabled components are reached, as the status reports and the handout prints them. */
    public static List<Endpoint> endpoints(Lab lab) {
        return enabled(lab).stream().flatMap(c -> c.endpoints(lab).stream()).toList();
    }
}
