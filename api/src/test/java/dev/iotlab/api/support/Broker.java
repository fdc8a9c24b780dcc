package dev.iotlab.api.support;

import dev.iotlab.testsupport.Mosquitto;
import org.junit.jupiter.api.Assumptions;

/**
 * The real MQTT broker of the API tests (Mosquitto: HiveMQ CE embedded cannot share a JVM with Micronaut 4.10 — it
 * needs Netty 4.1, Micronaut pins 4.2). Tests are skipped with the reason when mosquitto is missing.
 */
public final class Broker {
    private static Mosquitto shared;

    private Broker() {
    }

    /** A broker of the test's own, which it may stop and start again. */
    public static Mosquitto start() {
        Assumptions.assumeTrue(Mosquitto.missing() == null, Mosquitto.missing());
        return Mosquitto.anonymous();
    }

    /** One broker for all tests that do not stop it. */
    public static synchronized Mosquitto shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    public static int freePort() {
        return Mosquitto.freePort();
    }
}
