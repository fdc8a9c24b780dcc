package dev.iotlab.simulator;

import dev.iotlab.contract.MqttTopics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The simulated house: rooms with a thermal model and the devices in them. Not thread-safe on purpose: the
 * {@link Simulator} calls it from one thread (ticks and commands are serialised there).
 *
 * <p>Time only moves when {@link #tick(long)} or {@link #command} is called with a later instant, so tests drive
 * it with a clock they control and the same seed + the same calls give the same readings.
 */
public final class House {

    /** Result of a command: the new readings (one per device changed) or an error message. */
    public record CommandResult(List<Reading> readings, String error) {
        static CommandResult error(String message) {
            return new CommandResult(List.of(), message);
        }

        public boolean ok() {
            return error == null;
        }
    }

    private final Scenario scenario;
    private final Map<String, RoomState> rooms = new LinkedHashMap<>();
    private final List<Device> devices = new ArrayList<>();
    private final Map<String, Device> byId = new HashMap<>();
    private final Map<String, Double> roomPower = new HashMap<>();
    private long nowMillis = Long.MIN_VALUE;

    public House(Scenario scenario, long seed) {
        this.scenario = scenario;
        for (Scenario.Room r : scenario.rooms().values()) {
            rooms.put(r.name(), new RoomState(r, new SplittableRandom(mix(seed, "room:" + r.name()))));
        }
        for (Scenario.DeviceSpec spec : scenario.devices()) {
            RoomState room = rooms.get(spec.location());
            Device d = new Device(spec, room, new SplittableRandom(mix(seed, spec.id())));
            devices.add(d);
            byId.put(spec.id(), d);
            if (spec.type() == DeviceType.AC) {
                room.acs.add(d);
            }
        }
    }

    /** Seed per device/room from the scenario seed and its name: adding a device does not change the others. */
    static long mix(long seed, String name) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (int i = 0; i < name.length(); i++) {
            h = (h ^ name.charAt(i)) * 0x100000001B3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    public Scenario scenario() {
        return scenario;
    }

    public Collection<Device> devices() {
        return Collections.unmodifiableList(devices);
    }

    /** Current temperature of a room (°C, no sensor noise). */
    public double roomTemperature(String room) {
        return rooms.get(room).temperature;
    }

    /** Advances the house to {@code epochMillis} and reads every device, in scenario order. */
    public List<Reading> tick(long epochMillis) {
        advanceTo(epochMillis);
        List<Reading> out = new ArrayList<>(devices.size());
        roomPower.clear();
        for (Device d : devices) {
            if (d.type() != DeviceType.ENERGY) {
                roomPower.merge(d.spec.location(), d.power(), Double::sum);
            }
        }
        for (Device d : devices) {
            out.add(read(d, epochMillis));
        }
        return out;
    }

    private void advanceTo(long epochMillis) {
        if (nowMillis == Long.MIN_VALUE) {
            nowMillis = epochMillis;
            double hour = hourOfDay(epochMillis);
            for (RoomState r : rooms.values()) {
                r.temperature = Physics.passiveTarget(r.params, hour);
            }
            return;
        }
        while (nowMillis < epochMillis) {
            long stepMillis = Math.min(epochMillis - nowMillis, (long) (Physics.MAX_STEP_SECONDS * 1000));
            nowMillis += stepMillis;
            step(stepMillis / 1000.0, hourOfDay(nowMillis));
        }
    }

    private void step(double seconds, double hour) {
        for (RoomState r : rooms.values()) {
            double target = Physics.passiveTarget(r.params, hour);
            double tau = r.params.timeConstantMinutes() * 60.0;
            r.temperature += (target - r.temperature) * (1 - Math.exp(-seconds / tau));
            for (Device ac : r.acs) {
                if (!ac.on) {
                    ac.compressorOn = false;
                    continue;
                }
                if (r.temperature > ac.setpoint + Physics.AC_HYSTERESIS) {
                    ac.compressorOn = true;
                } else if (r.temperature < ac.setpoint - Physics.AC_HYSTERESIS) {
                    ac.compressorOn = false;
                }
                if (ac.compressorOn) {
                    r.temperature -= ac.spec.param("cooling_rate", 8.0) / 3600.0 * seconds;
                }
            }
            // Slow weather-like humidity drift: mean-reverting random walk, bounded.
            double sd = 0.4 * Math.sqrt(seconds / 60.0);
            r.humidityDrift = r.humidityDrift * Math.exp(-seconds / (6 * 3600.0)) + (r.random.nextDouble() * 2 - 1) * sd;
            r.humidityDrift = Math.max(-6, Math.min(6, r.humidityDrift));
        }
    }

    static double hourOfDay(long epochMillis) {
        long msOfDay = Math.floorMod(epochMillis, 86_400_000L);
        return msOfDay / 3_600_000.0;
    }

    private Reading read(Device d, long now) {
        double elapsed = d.lastReadingMillis == Long.MIN_VALUE ? 60.0 : Math.min(3600.0, (now - d.lastReadingMillis) / 1000.0);
        d.lastReadingMillis = now;
        Scenario.DeviceSpec s = d.spec;
        return switch (d.type()) {
            case TEMPERATURE -> new Reading(s.id(), d.type(), s.location(), now,
                    Physics.round(d.room.temperature + d.gaussian(s.param("noise", 0.15)), 2), null, null, null, null);
            case HUMIDITY -> {
                double h = d.room.humidity() + d.gaussian(s.param("noise", 1.0));
                yield new Reading(s.id(), d.type(), s.location(), now, Physics.round(Math.max(0, Math.min(100, h)), 2),
                        null, null, null, null);
            }
            case SWITCH -> {
                if (d.random.nextDouble() < s.param("toggle_probability", 0)) {
                    d.on = !d.on;
                }
                yield onOff(d, now);
            }
            case MOTION -> {
                double p = Physics.probabilityOver(Physics.activityPerMinute(hourOfDay(now)) * s.param("sensitivity", 1), elapsed);
                if (d.random.nextDouble() < p) {
                    d.activeUntilMillis = now + (long) (s.param("hold_seconds", 60) * 1000);
                }
                yield new Reading(s.id(), d.type(), s.location(), now, now < d.activeUntilMillis || d.activeUntilMillis == now ? 1 : 0,
                        null, null, null, null);
            }
            case DOOR -> {
                double p = Physics.probabilityOver(Physics.activityPerMinute(hourOfDay(now)) * 0.1 * s.param("sensitivity", 1), elapsed);
                if (now >= d.activeUntilMillis && d.random.nextDouble() < p) {
                    d.activeUntilMillis = now + Math.max(1, (long) (s.param("open_seconds", 30) * 1000));
                }
                boolean open = now < d.activeUntilMillis;
                yield new Reading(s.id(), d.type(), s.location(), now, open ? 1 : 0, open ? "open" : "closed", null, null, null);
            }
            case LIGHT, AC -> onOff(d, now);
            case ENERGY -> {
                double watts = s.param("base_load_watts", 150);
                if (s.scope().isEmpty()) {
                    for (double w : roomPower.values()) {
                        watts += w;
                    }
                } else {
                    for (String room : s.scope()) {
                        watts += roomPower.getOrDefault(room, 0.0);
                    }
                }
                watts = Math.max(0, watts + d.gaussian(s.param("noise", 5)));
                yield new Reading(s.id(), d.type(), s.location(), now, Physics.round(watts, 1), null, null, null, null);
            }
        };
    }

    private Reading onOff(Device d, long now) {
        Scenario.DeviceSpec s = d.spec;
        return switch (d.type()) {
            case LIGHT -> new Reading(s.id(), d.type(), s.location(), now, d.on ? 1 : 0, d.on ? "on" : "off", null, null,
                    Physics.round(d.brightness, 1));
            case AC -> new Reading(s.id(), d.type(), s.location(), now, d.on ? 1 : 0, d.on ? "on" : "off",
                    Physics.round(d.setpoint, 1), Physics.round(d.power(), 1), null);
            default -> new Reading(s.id(), d.type(), s.location(), now, d.on ? 1 : 0, d.on ? "on" : "off", null, null, null);
        };
    }

    /** Applies a command to one device at {@code epochMillis}. */
    public CommandResult command(String deviceId, Command cmd, long epochMillis) {
        Device d = byId.get(deviceId);
        if (d == null) {
            return CommandResult.error("unknown device '" + deviceId + "'; devices announce themselves (retained) on " + MqttTopics.ALL_DEVICE_META);
        }
        String problem = CommandRules.validate(d.type(), deviceId, cmd);
        if (problem != null) {
            return CommandResult.error(problem);
        }
        advanceTo(epochMillis);
        apply(d, cmd);
        return new CommandResult(List.of(onOff(d, epochMillis)), null);
    }

    /** Applies a command to every device of a type in a room (the workshop's {@code automation/{type}/{room}}). */
    public CommandResult commandGroup(String typeName, String location, Command cmd, long epochMillis) {
        DeviceType type = DeviceType.fromWire(typeName).orElse(null);
        if (type == null) {
            return CommandResult.error("unknown device type '" + typeName + "'; types: " + DeviceType.allWireNames());
        }
        String problem = CommandRules.validate(type, typeName + " in " + location, cmd);
        if (problem != null) {
            return CommandResult.error(problem);
        }
        List<Device> targets = new ArrayList<>();
        for (Device d : devices) {
            if (d.type() == type && d.spec.location().equals(location)) {
                targets.add(d);
            }
        }
        if (targets.isEmpty()) {
            return CommandResult.error("no " + typeName + " device in location '" + location + "'; locations: "
                    + String.join(", ", rooms.keySet()));
        }
        advanceTo(epochMillis);
        List<Reading> out = new ArrayList<>();
        for (Device d : targets) {
            apply(d, cmd);
            out.add(onOff(d, epochMillis));
        }
        return new CommandResult(out, null);
    }

    private static void apply(Device d, Command cmd) {
        switch (cmd.action()) {
            case "on" -> d.on = true;
            case "off" -> d.on = false;
            case "toggle" -> d.on = !d.on;
            case "set" -> {
                if (d.type() == DeviceType.AC) {
                    d.setpoint = cmd.setpoint();
                } else {
                    d.brightness = cmd.brightness();
                }
                d.on = true; // setting a level is what a user does to a device they want running
            }
            default -> throw new IllegalArgumentException(cmd.action());
        }
        if (!d.on) {
            d.compressorOn = false;
        } else if (d.type() == DeviceType.AC) {
            d.compressorOn = d.room.temperature > d.setpoint;
        }
    }
}
