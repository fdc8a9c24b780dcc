package dev.iotlab.operator.model;

import static dev.iotlab.operator.model.PodParts.configMapVolume;
import static dev.iotlab.operator.model.PodParts.env;
import static dev.iotlab.operator.model.PodParts.httpProbe;

import dev.iotlab.contract.SimulatorConfig;
import dev.iotlab.operator.customresource.SimulatorSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Our device simulator (simulator/), running the scenario chosen in the spec. */
public final class SimulatorComponent extends Component {
    public static final String NAME = "simulator";
    public static final int HEALTH_PORT = SimulatorConfig.DEFAULT_HEALTH_PORT;
    public static final String SCENARIO_CONFIG = "simulator-scenario";
    static final String SCENARIOS_DIR = "scenarios";
    static final String SCENARIO_MOUNT = "/etc/iotlab";
    static final String SCENARIO_FILE = "scenario.yaml";

    SimulatorComponent() {
        // Measured here (our jar, default scenario every second, database down so it buffers): 118 MB RSS.
        super(NAME, "simulator", ours(NAME), 65532, new Sizing("25m", "128Mi", "250m", "320Mi"),
                new Sizing("100m", "256Mi", "1", "512Mi"));
    }

    @Override
    public SimulatorSpec spec(Lab lab) {
        return lab.components().simulatorOrDefault();
    }

    /** The scenario file's content; a name that is not bundled is refused with the list of names that are. */
    public static String scenario(Lab lab) {
        String name = lab.components().simulatorOrDefault().scenarioOrDefault();
        Map<String, String> scenarios = BundledContent.directory(SCENARIOS_DIR);
        String content = scenarios.get(name + ".yaml");
        if (content == null) {
            throw new InvalidLabException("spec.components.simulator.scenario",
                    "\"" + name + "\" is not a built-in scenario; use one of " + String.join(", ",
                            scenarios.keySet().stream().map(f -> f.replaceFirst("\\.yaml$", "")).toList()));
        }
        return content;
    }

    @Override
    protected Container container(Lab lab) {
        SimulatorSpec spec = spec(lab);
        List<EnvVar> env = new ArrayList<>(ServiceClientEnv.mqtt(lab));
        env.addAll(ServiceClientEnv.influxdb(lab));
        env.add(env(SimulatorConfig.SCENARIO, SCENARIO_MOUNT + "/" + SCENARIO_FILE));
        // Only what the spec sets: otherwise the scenario's interval_seconds and seed (or the simulator's
        // defaults) apply, as they do outside a cluster.
        if (spec.getIntervalSeconds() != null) {
            env.add(env(SimulatorConfig.INTERVAL_SECONDS, spec.getIntervalSeconds()));
        }
        if (spec.getSeed() != null) {
            env.add(env(SimulatorConfig.SEED, spec.getSeed()));
        }
        env.add(env(SimulatorConfig.HEALTH_PORT, HEALTH_PORT));
        return new ContainerBuilder()
                .withName(NAME)
                .addNewPort().withName("health").withContainerPort(HEALTH_PORT).endPort()
                .withEnv(env)
                .addNewVolumeMount().withName("scenario").withMountPath(SCENARIO_MOUNT).withReadOnly(true)
                    .endVolumeMount()
                .withReadinessProbe(httpProbe("/readyz", HEALTH_PORT, 5, 5, 3))
                .withLivenessProbe(httpProbe("/livez", HEALTH_PORT, 20, 10, 6))
                .build();
    }

    @Override
    protected List<Volume> volumes(Lab lab) {
        return List.of(configMapVolume("scenario", SCENARIO_CONFIG));
    }

    @Override
    public List<ConfigMap> configMaps(Lab lab) {
        return List.of(LabObjects.configMap(lab, SCENARIO_CONFIG, NAME, Map.of(SCENARIO_FILE, scenario(lab))));
    }
}
