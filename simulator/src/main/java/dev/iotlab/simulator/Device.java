package dev.iotlab.simulator;

import java.util.SplittableRandom;

/** One simulated device of the {@link House}: its spec, its room and its state. */
final class Device {
    final Scenario.DeviceSpec spec;
    final RoomState room;
    final SplittableRandom random;
    boolean on;
    double brightness;
    double setpoint;
    boolean compressorOn;
    long activeUntilMillis = Long.MIN_VALUE;
    long lastReadingMillis = Long.MIN_VALUE;

    Device(Scenario.DeviceSpec spec, RoomState room, SplittableRandom random) {
        this.spec = spec;
        this.room = room;
        this.random = random;
        this.on = spec.initialOn();
        this.brightness = spec.param("brightness", 100);
        this.setpoint = spec.param("setpoint", 24);
    }

    DeviceType type() {
        return spec.type();
    }

    double power() {
        return switch (spec.type()) {
            case AC -> on ? (compressorOn ? spec.param("power_watts", 1200) : spec.param("idle_watts", 60)) : 0;
            case LIGHT -> on ? spec.param("power_watts", 10) * brightness / 100.0 : 0;
            case SWITCH -> on ? spec.param("power_watts", 0) : 0;
            default -> 0;
        };
    }

    double gaussian(double sd) {
        if (sd <= 0) {
            return 0;
        }
        // Box-Muller, clipped at 3 sigma so documented ranges hold.
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        double z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        return Math.max(-3, Math.min(3, z)) * sd;
    }
}
