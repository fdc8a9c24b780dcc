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

    /** An IotLab as the API server returns it (uid, generation 1): for tests without a server. */
    public static IotLab resource(String name, String specYaml) {
        IotLab lab = toApply(name, specYaml);
        lab.getMetadata().setUid("uid-" + name);
        lab.getMetadata().setGeneration(1L);
        return lab;
    }

    /** An IotLab as an instructor writes it, to send to an API server. */
    public static IotLab toApply(String name, String specYaml) {
        String yaml = "apiVersion: iotlab.dev/v1alpha1\nkind: IotLab\nmetadata:\n  name: " + name + "\nspec:\n"
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
