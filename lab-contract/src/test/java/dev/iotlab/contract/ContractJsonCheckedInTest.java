package dev.iotlab.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The workshop reads the contract from a checked-in JSON file. This fails when the Java contract changed and the
 * copy was not refreshed: run `mvn -pl lab-contract test -Diotlab.contract.update=true`.
 */
class ContractJsonCheckedInTest {
    static final Path CHECKED_IN = Path.of("..").resolve(ContractJson.CHECKED_IN);

    @Test
    void checkedInCopyIsTheGeneratedOne() throws Exception {
        String expected = ContractJson.render();
        if (Boolean.getBoolean("iotlab.contract.update")) {
            Files.writeString(CHECKED_IN, expected);
        }
        assertThat(CHECKED_IN).as(CHECKED_IN + " exists").exists();
        assertThat(Files.readString(CHECKED_IN))
                .as(ContractJson.CHECKED_IN + " is stale; run mvn -pl lab-contract test -Diotlab.contract.update=true")
                .isEqualTo(expected);
    }

    @Test
    void exportCarriesNamesDefaultsAndRanges() throws Exception {
        JsonNode root = new ObjectMapper().readTree(ContractJson.render());
        JsonNode interval = null;
        for (JsonNode s : root.path("services").path("simulator")) {
            if (s.path("name").asText().equals("SIMULATOR_INTERVAL_SECONDS")) {
                interval = s;
            }
        }
        assertThat(interval).isNotNull();
        assertThat(interval.path("default").asInt()).isEqualTo(5);
        assertThat(interval.path("min").asInt()).isEqualTo(1);
        assertThat(interval.path("max").asInt()).isEqualTo(3600);
        assertThat(root.path("topics").path("sensor").asText()).isEqualTo("sensors/{type}/{id}");
        assertThat(root.path("studentEnv")).hasSize(StudentEnv.values().length);
    }
}
