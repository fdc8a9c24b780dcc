package dev.iotlab.simulator;

import java.util.List;
import java.util.Map;

/**
 * A validated scenario: rooms with their thermal parameters and the devices in them.
 * Built by {@link ScenarioLoader}; every number here is already range-checked.
 */
public record Scenario(String name, Integer intervalSeconds, Long seed, Map<String, Room> rooms, List<DeviceSpec> devices) {

    /** Thermal and humidity parameters of one room. */
    public record Room(String name, double baseTemperature, double dailyAmplitude, double timeConstantMinutes,
                       double baseHumidity, double humidityPerDegree) {
        public static Room defaults(String name) {
            return new Room(name, 20.0, 2.5, 60.0, 50.0, -1.5);
        }
    }

    /**
     * One device. {@code params} holds the type-specific numbers (noise, power_watts, setpoint, ...);
     * {@code initialOn} the initial on/off state for switchable devices.
     */
    public record DeviceSpec(String id, DeviceType type, String name, String location, boolean initialOn,
                             Map<String, Double> params, List<String> scope) {
        public double param(String key, double fallback) {
            Double v = params.get(key);
            return v == null ? fallback : v;
        }
    }

    public int deviceCount() {
        return devices.size();
    }
}
