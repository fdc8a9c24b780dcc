package dev.iotlab.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MqttTopicsTest {
    @Test
    void deviceTopicsCarryTheIdInTheMiddle() {
        assertThat(MqttTopics.deviceCommand("lamp-1")).isEqualTo("devices/lamp-1/command");
        assertThat(MqttTopics.deviceIdOf(MqttTopics.deviceMeta("lamp-1"))).isEqualTo("lamp-1");
        assertThat(MqttTopics.deviceIdOf(MqttTopics.deviceState("t-9"))).isEqualTo("t-9");
        assertThat(MqttTopics.deviceIdOf("devices//meta")).isEmpty();
        assertThat(MqttTopics.deviceIdOf("devices/a/b/meta")).isNull();
        assertThat(MqttTopics.deviceIdOf(MqttTopics.sensor("temperature", "t-1"))).isNull();
    }
}
