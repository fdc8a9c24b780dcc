package dev.iotlab.api.mqtt;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class TopicsTest {
    @ParameterizedTest
    @CsvSource({
            "sensors/#, sensors/temperature/temp-001, true",
            "sensors/#, sensors, true",
            "sensors/+/temp-001, sensors/temperature/temp-001, true",
            "sensors/+, sensors/temperature/temp-001, false",
            "sensors/+/+, sensors/temperature, false",
            "#, $SYS/broker/uptime, false",
            "+/broker/uptime, $SYS/broker/uptime, false",
            "$SYS/#, $SYS/broker/uptime, true",
            "a/b, a/b, true",
            "a/b, a/b/c, false",
            "a/+/c, a//c, true"})
    void filterMatching(String filter, String topic, boolean expected) {
        assertThat(Topics.matches(filter, topic)).isEqualTo(expected);
    }

    @Test
    void bufferKeepsTheNewestWithinCountAndBytes() {
        MessageBuffer buffer = new MessageBuffer(3, 10);
        for (int i = 0; i < 5; i++) {
            buffer.add(new ReceivedMessage(i, "t", new byte[]{(byte) i}, 0, false, Instant.now()));
        }
        assertThat(buffer.recent("t", 10)).extracting(ReceivedMessage::sequence).containsExactly(2L, 3L, 4L);
        buffer.add(new ReceivedMessage(9, "t", new byte[9], 0, false, Instant.now()));
        assertThat(buffer.recent("#", 10)).extracting(ReceivedMessage::sequence).containsExactly(4L, 9L);
        assertThat(buffer.dropped()).isEqualTo(4);
    }
}
