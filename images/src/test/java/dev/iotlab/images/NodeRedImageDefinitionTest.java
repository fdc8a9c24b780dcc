package dev.iotlab.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotlab.images.support.Build;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Node-RED image definition: pinned versions that agree between Containerfile, package.json and lock; flows' contract. */
class NodeRedImageDefinitionTest {
    static final Path DIR = Build.imagesDir().resolve("node-red");
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void baseImagePackageJsonAndLockPinTheSameExactVersions() throws Exception {
        JsonNode pkg = JSON.readTree(DIR.resolve("package.json").toFile());
        JsonNode lock = JSON.readTree(DIR.resolve("package-lock.json").toFile());
        List<String> names = new ArrayList<>();
        pkg.path("dependencies").fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("node-red", "@flowfuse/node-red-dashboard", "node-red-contrib-influxdb");
        for (String name : names) {
            String version = pkg.path("dependencies").path(name).asText();
            assertThat(version).as(name + " pinned exactly").matches("\\d+\\.\\d+\\.\\d+");
            assertThat(lock.path("packages").path("node_modules/" + name).path("version").asText()).as(name + " in lock")
                    .isEqualTo(version);
        }
        Matcher from = Pattern.compile("(?m)^FROM\\s+nodered/node-red:(\\S+)\\s*$").matcher(Files.readString(DIR.resolve("Containerfile")));
        assertThat(from.find()).as("Containerfile FROM nodered/node-red:<version>").isTrue();
        assertThat(from.group(1)).as("base image = the node-red the tests run")
                .isEqualTo(pkg.path("dependencies").path("node-red").asText());
        assertThat(Files.readString(DIR.resolve("Containerfile"))).contains("npm ci").contains("USER node-red")
                .contains("--userDir\", \"/data\"").contains("settings.js");
    }

    @Test
    void defaultFlowsSubscribeAllSensorTopicsAndTakeTheBrokerFromTheEnvironment() throws Exception {
        JsonNode flows = JSON.readTree(DIR.resolve("flows.json").toFile());
        List<String> subscriptions = new ArrayList<>();
        JsonNode broker = null;
        for (JsonNode node : flows) {
            if (node.path("type").asText().equals("mqtt in")) {
                subscriptions.add(node.path("topic").asText());
            }
            if (node.path("type").asText().equals("mqtt-broker")) {
                broker = node;
            }
            assertThat(node.has("credentials")).as("credentials never in flows.json").isFalse();
        }
        assertThat(subscriptions).contains("sensors/+/+", "devices/+/state").doesNotContain("sensors/+");
        assertThat(broker).isNotNull();
        assertThat(broker.path("broker").asText()).isEqualTo("${MQTT_BROKER}");
        assertThat(broker.path("port").asText()).isEqualTo("${MQTT_PORT}");
        JsonNode credentials = JSON.readTree(DIR.resolve("flows_cred.json").toFile());
        assertThat(credentials.path(broker.path("id").asText()).path("user").asText()).isEqualTo("${MQTT_USERNAME}");
        assertThat(credentials.path(broker.path("id").asText()).path("password").asText()).isEqualTo("${MQTT_PASSWORD}");
        assertThat(flows.findValuesAsText("url")).contains("${INFLUXDB_URL}");
    }
}
