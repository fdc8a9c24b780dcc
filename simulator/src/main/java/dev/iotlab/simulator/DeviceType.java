package dev.iotlab.simulator;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The device kinds the simulator knows, with their unit and the commands they accept. */
public enum DeviceType {
    TEMPERATURE("celsius", List.of()),
    HUMIDITY("percent", List.of()),
    SWITCH(null, List.of("on", "off", "toggle")),
    MOTION(null, List.of()),
    DOOR(null, List.of()),
    LIGHT(null, List.of("on", "off", "toggle", "set")),
    AC(null, List.of("on", "off", "toggle", "set")),
    ENERGY("watt", List.of());

    private final String unit;
    private final List<String> commands;

    DeviceType(String unit, List<String> commands) {
        this.unit = unit;
        this.commands = commands;
    }

    /** Name used in topics, InfluxDB measurement and JSON: lower case. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Unit for the {@code unit} field, or null for on/off style devices. */
    public String unit() {
        return unit;
    }

    public List<String> commands() {
        return commands;
    }

    public boolean acceptsCommands() {
        return !commands.isEmpty();
    }

    public static Optional<DeviceType> fromWire(String s) {
        if (s == null) {
            return Optional.empty();
        }
        for (DeviceType t : values()) {
            if (t.wireName().equals(s)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public static String allWireNames() {
        return Arrays.stream(values()).map(DeviceType::wireName).collect(Collectors.joining(", "));
    }
}
