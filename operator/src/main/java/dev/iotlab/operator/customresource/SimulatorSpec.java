package dev.iotlab.operator.customresource;

import dev.iotlab.contract.SimulatorConfig;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

public class SimulatorSpec extends ComponentSpec {
    public static final String DEFAULT_SCENARIO = "default";

    @Min(SimulatorConfig.MIN_INTERVAL_SECONDS)
    @Max(SimulatorConfig.MAX_INTERVAL_SECONDS)
    @JsonPropertyDescription("Seconds between two readings of a device; unset: the scenario's interval_seconds, else "
            + SimulatorConfig.DEFAULT_INTERVAL_SECONDS + " (as in the original platform).")
    private Integer intervalSeconds;

    @Pattern("^[a-z0-9][a-z0-9-]*$")
    @JsonPropertyDescription("Built-in scenario: default (the original six devices) or smart-home (the capstone house).")
    private String scenario;

    @JsonPropertyDescription("Seed for reproducible readings; random when unset.")
    private Long seed;

    public String scenarioOrDefault() { return scenario == null ? DEFAULT_SCENARIO : scenario; }

    public Integer getIntervalSeconds() { return intervalSeconds; }
    public void setIntervalSeconds(Integer intervalSeconds) { this.intervalSeconds = intervalSeconds; }
    public String getScenario() { return scenario; }
    public void setScenario(String scenario) { this.scenario = scenario; }
    public Long getSeed() { return seed; }
    public void setSeed(Long seed) { this.seed = seed; }
}
