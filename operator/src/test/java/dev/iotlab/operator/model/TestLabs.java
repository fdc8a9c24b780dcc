package dev.iotlab.operator.model;

import dev.iotlab.operator.customresource.IotLab;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;

/** IotLabs for tests, written as the YAML an instructor would write. */
public final class TestLabs {
    public static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private TestLabs() {
    }

    public static IotLab resource(String specYaml) {
        return resource("alice", specYaml);
    }

    public static IotLab resource(String name, String specYaml) {
        String yaml = "apiVersion: iotlab.dev/v1alpha1\nkind: IotLab\nmetadata:\n  name: " + name
                + "\n  uid: uid-" + name + "\n  generation: 1\nspec:\n"
                + specYaml.stripIndent().lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
        return Serialization.unmarshal(yaml, IotLab.class);
    }

    public static Lab lab(String specYaml) {
        return new Lab(resource(specYaml), OperatorSettings.defaults(), NOW);
    }

    public static Lab minimal() {
        return lab("student: {name: Alice Example}");
    }
}
