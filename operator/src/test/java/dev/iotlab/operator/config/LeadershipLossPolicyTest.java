package dev.iotlab.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeadershipLossPolicyTest {

    @Test
    void exitsWhenTheLeaseIsLostWhileRunningButNotWhenShuttingDown() {
        AtomicInteger exits = new AtomicInteger();
        LeadershipLossPolicy policy = new LeadershipLossPolicy(true, exits::incrementAndGet);
        policy.onStopLeading();
        assertThat(exits).hasValue(1);
        policy.stopping();
        policy.onStopLeading();
        assertThat(exits).as("a shutdown must not call System.exit inside the shutdown hook").hasValue(1);
    }

    @Test
    void neverExitsWhenConfiguredNotTo() {
        AtomicInteger exits = new AtomicInteger();
        new LeadershipLossPolicy(false, exits::incrementAndGet).onStopLeading();
        assertThat(exits).hasValue(0);
    }
}
