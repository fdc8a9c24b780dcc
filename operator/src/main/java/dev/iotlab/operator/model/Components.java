package dev.iotlab.operator.model;

import java.util.List;

/** Every component a lab can run, in start-up order of their dependencies. */
public final class Components {
    public static final List<Component> ALL = List.of(
            new EmqxComponent(),
            new InfluxDbComponent(),
            new NodeRedComponent(),
            new GrafanaComponent(),
            new ApiComponent(),
            new SimulatorComponent());

    private Components() {
    }

    public static List<Component> enabled(Lab lab) {
        return ALL.stream().filter(c -> c.enabled(lab)).toList();
    }
}
