package dev.iotlab.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** One room of the {@link House}: its thermal state and its air conditioners. */
final class RoomState {
    final Scenario.Room params;
    final SplittableRandom random;
    double temperature = Double.NaN;
    double humidityDrift;
    final List<Device> acs = new ArrayList<>();

    RoomState(Scenario.Room params, SplittableRandom random) {
        this.params = params;
        this.random = random;
    }

    double humidity() {
        return params.baseHumidity() + params.humidityPerDegree() * (temperature - params.baseTemperature()) + humidityDrift;
    }
}
