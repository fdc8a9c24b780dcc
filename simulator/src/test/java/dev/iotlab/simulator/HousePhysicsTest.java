package dev.iotlab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The house model over simulated time (the test moves time; no broker needed for the physics itself). */
class HousePhysicsTest {
    static final long MINUTE = 60_000;
    static final long T0 = Instant.parse("2025-07-01T00:00:00Z").toEpochMilli();

    static double value(List<Reading> readings, String id) {
        return readings.stream().filter(r -> r.deviceId().equals(id)).findFirst().orElseThrow().value();
    }

    @Test
    void defaultScenarioStaysInTheOriginalRangesForAWeek() {
        House house = new House(ScenarioLoader.loadDefault(), 1);
        double minT = 99, maxT = -99, minH = 999, maxH = -999;
        for (long t = T0; t < T0 + 7 * 24 * 60 * MINUTE; t += 5 * MINUTE) {
            for (Reading r : house.tick(t)) {
                if (r.type() == DeviceType.TEMPERATURE) {
                    minT = Math.min(minT, r.value());
                    maxT = Math.max(maxT, r.value());
                } else if (r.type() == DeviceType.HUMIDITY) {
                    minH = Math.min(minH, r.value());
                    maxH = Math.max(maxH, r.value());
                }
            }
        }
        assertThat(minT).isGreaterThanOrEqualTo(15.0);
        assertThat(maxT).isLessThanOrEqualTo(25.0);
        assertThat(maxT - minT).as("temperature moves over a day").isGreaterThan(3.0);
        assertThat(minH).isGreaterThanOrEqualTo(35.0);
        assertThat(maxH).isLessThanOrEqualTo(65.0);
        assertThat(maxH - minH).isGreaterThan(5.0);
    }

    @Test
    void temperatureFollowsADailyCycleWithInertia() {
        House house = new House(ScenarioLoader.loadDefault(), 3);
        double[] hourly = new double[24];
        int days = 3;
        for (long t = T0; t < T0 + days * 24 * 60 * MINUTE; t += MINUTE) {
            int hour = (int) House.hourOfDay(t);
            hourly[hour] += value(house.tick(t), "temp-001") / (days * 60.0);
        }
        int warmest = 0, coldest = 0;
        for (int h = 0; h < 24; h++) {
            warmest = hourly[h] > hourly[warmest] ? h : warmest;
            coldest = hourly[h] < hourly[coldest] ? h : coldest;
        }
        // Passive target peaks at 15:00; a 60-minute time constant delays the room by about an hour.
        assertThat(warmest).isBetween(15, 17);
        assertThat(coldest).isBetween(3, 5);
        assertThat(hourly[warmest] - hourly[coldest]).isBetween(3.0, 5.0);
        // Inertia: one-minute changes stay small even though the sensor is noisy.
        House h2 = new House(ScenarioLoader.loadDefault(), 3);
        double previous = h2.roomTemperature("living-room");
        h2.tick(T0);
        previous = h2.roomTemperature("living-room");
        for (long t = T0 + MINUTE; t < T0 + 24 * 60 * MINUTE; t += MINUTE) {
            h2.tick(t);
            double now = h2.roomTemperature("living-room");
            assertThat(Math.abs(now - previous)).isLessThan(0.05);
            previous = now;
        }
    }

    static final String TWIN_ROOMS = """
            rooms:
              cool: {base_temperature: 26, daily_amplitude: 0, humidity_per_degree: -4, base_humidity: 50}
              warm: {base_temperature: 26, daily_amplitude: 0, humidity_per_degree: -4, base_humidity: 50}
            devices:
              - {id: t-cool, type: temperature, location: cool, noise: 0}
              - {id: t-warm, type: temperature, location: warm, noise: 0}
              - {id: h-cool, type: humidity, location: cool, noise: 0}
              - {id: h-warm, type: humidity, location: warm, noise: 0}
              - {id: ac, type: ac, location: cool, setpoint: 20, power_watts: 1000, idle_watts: 50}
              - {id: kettle, type: switch, location: warm, power_watts: 800}
              - {id: lamp, type: light, location: warm, power_watts: 40}
              - {id: meter, type: energy, location: warm, base_load_watts: 100, noise: 0}
            """;

    @Test
    void acCoolsItsRoomOverTimeRaisesPowerAndHumidityFollowsTemperature() throws Exception {
        House house = new House(ScenarioLoader.parse("twin.yaml", TWIN_ROOMS), 5);
        List<Reading> start = house.tick(T0);
        assertThat(value(start, "t-cool")).isEqualTo(26.0);
        assertThat(value(start, "meter")).isEqualTo(100.0);

        House.CommandResult on = house.command("ac", new Command("on", null, null), T0);
        assertThat(on.readings().get(0).power()).isEqualTo(1000.0);
        List<Reading> after10 = house.tick(T0 + 10 * MINUTE);
        assertThat(value(after10, "meter")).as("base load + AC compressor").isEqualTo(1100.0);
        assertThat(value(after10, "t-cool")).isBetween(24.0, 25.5); // cooling, not a jump

        List<Reading> after2h = house.tick(T0 + 120 * MINUTE);
        assertThat(value(after2h, "t-cool")).isBetween(19.6, 20.4);
        assertThat(value(after2h, "t-warm")).isEqualTo(26.0);
        // Cooler air, higher relative humidity: 6 °C x 4 %/°C, well above the random drift (±6 %).
        assertThat(value(after2h, "h-cool") - value(after2h, "h-warm")).isGreaterThan(12.0);

        // At the set-point the compressor cycles: power alternates between full and idle.
        boolean sawIdle = false;
        boolean sawFull = false;
        for (long t = T0 + 121 * MINUTE; t < T0 + 240 * MINUTE; t += MINUTE) {
            double watts = value(house.tick(t), "meter");
            sawIdle |= watts == 150.0;
            sawFull |= watts == 1100.0;
        }
        assertThat(sawIdle && sawFull).as("compressor cycles around the set-point").isTrue();

        house.command("ac", new Command("off", null, null), T0 + 240 * MINUTE);
        List<Reading> warmedUp = house.tick(T0 + 480 * MINUTE);
        assertThat(value(warmedUp, "t-cool")).as("room warms back once the AC is off").isGreaterThan(25.0);
        assertThat(value(warmedUp, "meter")).isEqualTo(100.0);
    }

    @Test
    void energyMeterSumsWhatIsOn() throws Exception {
        House house = new House(ScenarioLoader.parse("twin.yaml", TWIN_ROOMS), 5);
        house.tick(T0);
        house.command("kettle", new Command("on", null, null), T0);
        assertThat(value(house.tick(T0 + 5000), "meter")).isEqualTo(900.0);
        house.command("lamp", new Command("set", null, 50.0), T0 + 6000);
        assertThat(value(house.tick(T0 + 10_000), "meter")).isEqualTo(920.0);
        House.CommandResult setpoint = house.command("ac", new Command("set", 18.0, null), T0 + 11_000);
        assertThat(setpoint.readings().get(0).setpoint()).isEqualTo(18.0);
        assertThat(setpoint.readings().get(0).state()).isEqualTo("on");
        assertThat(value(house.tick(T0 + 15_000), "meter")).isEqualTo(1920.0);
        house.command("kettle", new Command("toggle", null, null), T0 + 16_000);
        assertThat(value(house.tick(T0 + 20_000), "meter")).isEqualTo(1120.0);
    }

    @Test
    void motionFollowsDayAndNight() throws Exception {
        House house = new House(ScenarioLoader.parse("m.yaml", "devices: [{id: m, type: motion, location: hall, hold_seconds: 60}]"), 11);
        int night = 0, nightN = 0, evening = 0, eveningN = 0;
        for (long t = T0; t < T0 + 20 * 24 * 60 * MINUTE; t += MINUTE) {
            double hour = House.hourOfDay(t);
            double v = value(house.tick(t), "m");
            if (hour >= 1 && hour < 5) {
                night += (int) v;
                nightN++;
            } else if (hour >= 18 && hour < 22) {
                evening += (int) v;
                eveningN++;
            }
        }
        assertThat(night / (double) nightN).isLessThan(0.05);
        assertThat(evening / (double) eveningN).isGreaterThan(0.25);
    }

    @Test
    void doorsOpenAndCloseAgain() throws Exception {
        House house = new House(ScenarioLoader.parse("d.yaml", "devices: [{id: d, type: door, location: hall, open_seconds: 30, sensitivity: 5}]"), 2);
        long opened = -1;
        Predicate<Reading> open = r -> r.value() == 1 && r.state().equals("open");
        for (long t = T0 + 18 * 60 * MINUTE; t < T0 + 22 * 60 * MINUTE && opened < 0; t += 10_000) {
            Reading r = house.tick(t).get(0);
            assertThat(r.state()).isIn("open", "closed");
            if (open.test(r)) {
                opened = t;
            }
        }
        assertThat(opened).as("door opened some time in the evening").isPositive();
        Reading later = house.tick(opened + 30_000).get(0);
        assertThat(later.state()).isEqualTo("closed");
        assertThat(later.value()).isEqualTo(0.0);
    }
}
