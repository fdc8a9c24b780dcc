package dev.iotlab.api.home;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlab.api.home.LabHome.Endpoint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The host the lessons fill in for {@code <your-host>}. */
class LabHomeTest {
    @Test
    void theHostOfTheLabsWebAddressesElseWhatTheProxySaysElseUnknown() {
        List<Endpoint> exposed = List.of(new Endpoint("mqtt", "mqtt://emqx:1883", "mqtt://203.0.113.9:31883"),
                new Endpoint("mqtt-websocket", "ws://emqx:8083/mqtt", "wss://alice.labs.example.edu/mqtt"),
                new Endpoint("grafana", "http://grafana:3000/grafana/", "https://alice.labs.example.edu/grafana/"));
        assertThat(LabHome.studentHost(exposed, "evil.example")).as("the exposed broker's address is not the host")
                .isEqualTo("alice.labs.example.edu");
        assertThat(LabHome.studentHost(List.of(new Endpoint("api", "http://api:5000", "http://lab.local:8080/api")),
                null)).isEqualTo("lab.local:8080");
        List<Endpoint> internalOnly = List.of(new Endpoint("api", "http://api:5000", null));
        assertThat(LabHome.studentHost(internalOnly, "bob.labs.example.edu, 10.0.0.1")).isEqualTo("bob.labs.example.edu");
        assertThat(LabHome.studentHost(internalOnly, null)).isNull();
        assertThat(LabHome.studentHost(List.of(), " ")).isNull();
    }
}
