package dev.iotlab.api.mqtt;

import java.time.Instant;

/** One message the API received from the broker. */
public record ReceivedMessage(long sequence, String topic, byte[] payload, int qos, boolean retained,
                              Instant receivedAt) {
}
