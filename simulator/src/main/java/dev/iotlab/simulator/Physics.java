package dev.iotlab.simulator;

/** Constants and small formulas of the house model, in one place so the README can quote them. */
public final class Physics {
    public static final double AC_MIN_SETPOINT = 16.0;
    public static final double AC_MAX_SETPOINT = 30.0;
    /** Room physics is integrated in steps of at most this many seconds, whatever the publishing interval. */
    public static final double MAX_STEP_SECONDS = 60.0;
    /** AC compressor hysteresis around the set-point, in °C. */
    public static final double AC_HYSTERESIS = 0.3;

    private Physics() {
    }

    /**
     * Probability per minute that someone moves in front of a sensor at this hour of the day (0..24, local
     * house time = UTC here): quiet nights, busy mornings and evenings, a near-empty house during work hours.
     */
    public static double activityPerMinute(double hourOfDay) {
        if (hourOfDay < 6) {
            return 0.01;
        }
        if (hourOfDay < 9) {
            return 0.30;
        }
        if (hourOfDay < 17) {
            return 0.08;
        }
        if (hourOfDay < 23) {
            return 0.40;
        }
        return 0.05;
    }

    /** Passive room temperature target: base + amplitude, warmest at 15:00, coldest at 03:00. */
    public static double passiveTarget(Scenario.Room room, double hourOfDay) {
        return room.baseTemperature() + room.dailyAmplitude() * Math.sin(2 * Math.PI * (hourOfDay - 9) / 24.0);
    }

    /** Probability over {@code seconds} for an event that has probability {@code perMinute} per minute. */
    public static double probabilityOver(double perMinute, double seconds) {
        double p = Math.min(1.0, Math.max(0.0, perMinute));
        return 1.0 - Math.pow(1.0 - p, seconds / 60.0);
    }

    public static double round(double v, int decimals) {
        double f = decimals == 1 ? 10 : decimals == 2 ? 100 : Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
