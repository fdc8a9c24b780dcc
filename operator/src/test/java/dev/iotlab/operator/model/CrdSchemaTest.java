package dev.iotlab.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The offline check against the bundled CRD's schema, keyword by keyword: each case fails when the validator ignores
 * that keyword (or the rewrite into plain JSON Schema is lost), and asserts our wording of the refusal.
 */
class CrdSchemaTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static List<String> errors(String spec) {
        return CrdSchema.validate(Map.of("spec", read(spec)));
    }

    static Object read(String yaml) {
        try {
            return YAML.readValue(yaml, Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            type object        | {student: Alice}                                                      | spec.student: must be an object (key: value), got "Alice"
            type string        | {student: {name: A}, course: 101}                                     | spec.course: must be a string, got 101 (quote it)
            type integer       | {student: {name: A}, components: {simulator: {intervalSeconds: fast}}} | spec.components.simulator.intervalSeconds: must be a whole number, got "fast"
            integer not 1.5    | {student: {name: A}, components: {simulator: {intervalSeconds: 1.5}}}  | spec.components.simulator.intervalSeconds: must be a whole number, got 1.5
            type boolean       | {student: {name: A}, suspend: maybe}                                  | spec.suspend: must be true or false, got "maybe"
            type array         | {student: {name: A}, components: {api: {resources: {claims: gpu}}}}   | spec.components.api.resources.claims: must be a list
            items              | {student: {name: A}, components: {api: {resources: {claims: [{name: 7}]}}}} | spec.components.api.resources.claims[0].name: must be a string, got 7 (quote it)
            required           | {course: iot101}                                                      | spec.student: is required
            nested required    | {student: {name: A}, access: {ingress: {className: nginx}}}           | spec.access.ingress.host: is required
            enum               | {student: {name: A}, profile: huge}                                   | spec.profile: "huge" is not one of small, standard
            minLength          | {student: {name: ""}}                                                 | spec.student.name: must have at least 1 characters
            maxLength          | {student: {name: A}, course: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa} | spec.course: must have at most 63 characters
            pattern            | {student: {name: A}, course: IoT 101!}                                | spec.course: "IoT 101!" does not match ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
            minimum            | {student: {name: A}, components: {simulator: {intervalSeconds: 0}}}   | spec.components.simulator.intervalSeconds: must be at least 1.0
            maximum            | {student: {name: A}, components: {simulator: {intervalSeconds: 99999}}} | spec.components.simulator.intervalSeconds: must be at most 3600.0
            additionalProperties schema | {student: {name: A}, components: {api: {resources: {requests: {cpu: true}}}}} | spec.components.api.resources.requests.cpu: must be a whole number or a string like 500m or 1Gi, got true
            int-or-string not 0.5 | {student: {name: A}, components: {api: {resources: {requests: {cpu: 0.5}}}}} | spec.components.api.resources.requests.cpu: must be a whole number or a string like 500m or 1Gi, got 0.5
            int-or-string not a list | {student: {name: A}, components: {api: {resources: {limits: {memory: [1Gi]}}}}} | spec.components.api.resources.limits.memory: must be a whole number or a string like 500m or 1Gi, got [1Gi]
            unknown field      | {student: {name: A}, suspended: true}                                 | spec.suspended: unknown field; allowed here: access, components, course, expiresAt, namespace, profile, student, suspend
            unknown in a list  | {student: {name: A}, components: {grafana: {resources: {claims: [{name: a, size: 1}]}}}} | spec.components.grafana.resources.claims[0].size: unknown field; allowed here: name, request
            null               | {student: {name: A}, course: null}                                    | spec.course: must not be null
            """)
    void eachKeywordOfTheCrdRefusesInOurWords(String keyword, String spec, String message) {
        assertThat(errors(spec)).containsExactly(message);
    }

    @Test
    void aSpecThatIsMissingOrNotAnObjectIsNamed() {
        assertThat(CrdSchema.validate(Map.of("apiVersion", "iotlab.dev/v1alpha1"))).containsExactly("spec: is required");
        assertThat(CrdSchema.validate(Map.of("spec", "alice"))).containsExactly(
                "spec: must be an object (key: value), got \"alice\"");
    }

    @Test
    void everyProblemIsListedEachOnce() {
        assertThat(errors("{profile: 5, suspended: 1, components: {simulator: {intervalSeconds: 0}}}")).containsExactlyInAnyOrder(
                "spec.student: is required",
                "spec.profile: must be a string, got 5 (quote it)",
                "spec.suspended: unknown field; allowed here: access, components, course, expiresAt, namespace, profile, student, suspend",
                "spec.components.simulator.intervalSeconds: must be at least 1.0");
    }

    @Test
    void quantitiesAreWholeNumbersOrStrings() {
        assertThat(errors("{student: {name: A}, components: {api: {resources: {requests: {cpu: 250m, memory: 1},"
                + " limits: {cpu: \"1\", memory: 512Mi}}}}}")).isEmpty();
    }

    @Test
    void aPatternEndsWhereTheTextEndsAsInTheApiServer() {
        // Go's regexp (the API server) ends $ at the end of the text; Java's would also accept a final line break.
        assertThat(errors("{student: {name: A}, course: \"iot101\\n\"}")).containsExactly(
                "spec.course: \"iot101\n\" does not match ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
    }

    @Test
    void celRulesAreLeftToTheApiServerAndLabChecks() {
        assertThat(errors("{student: {name: A}, access: {ingress: {host: a.example.edu}, gateway: {name: g, namespace: n}}}"))
                .isEmpty();
    }

    @Test
    void nullIsAcceptedWhereTheSchemaSaysNullable() {
        CrdSchema schema = new CrdSchema((JsonNode) YAML.valueToTree(read("""
                properties:
                  spec:
                    type: object
                    properties:
                      note: {type: string, nullable: true}
                      size: {type: number}
                """)));
        assertThat(schema.errors(Map.of("spec", nullable("note")))).isEmpty();
        assertThat(schema.errors(Map.of("spec", nullable("size")))).containsExactly("spec.size: must not be null");
        assertThat(schema.errors(Map.of("spec", Map.of("size", "big")))).containsExactly(
                "spec.size: must be a number, got \"big\"");
        assertThat(schema.errors(Map.of("spec", Map.of("size", 1.5)))).isEmpty();
    }

    @Test
    void unknownFieldsAreKeptWhereTheSchemaPreservesThem() {
        CrdSchema schema = new CrdSchema((JsonNode) YAML.valueToTree(read("""
                properties:
                  spec:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
                    properties:
                      known: {type: string}
                """)));
        assertThat(schema.errors(Map.of("spec", Map.of("known", "a", "other", 1)))).isEmpty();
        assertThat(schema.errors(Map.of("spec", Map.of("known", 1)))).containsExactly(
                "spec.known: must be a string, got 1 (quote it)");
    }

    @Test
    void aKeywordTheCheckDoesNotKnowFailsTheLoad() {
        assertThatThrownBy(() -> new CrdSchema((JsonNode) YAML.valueToTree(read("""
                properties:
                  spec: {type: object, properties: {a: {type: string, x-iotlab-rule: strict}}}
                """)))).hasStackTraceContaining("x-iotlab-rule");
    }

    /** Each keyword of the bundled CRD's schema, with the case above that fails when it is ignored. */
    static final Set<String> COVERED = Set.of("type", "properties", "additionalProperties", "items", "required", "enum",
            "minLength", "maxLength", "pattern", "minimum", "maximum", "anyOf", "x-kubernetes-int-or-string",
            // not validated offline, on purpose (celRulesAreLeftToTheApiServerAndLabChecks):
            "x-kubernetes-validations",
            // annotations:
            "description");

    @Test
    void everyKeywordTheCrdUsesHasACase() throws IOException {
        JsonNode crd;
        try (InputStream in = CrdSchema.class.getClassLoader().getResourceAsStream(CrdSchema.RESOURCE)) {
            crd = YAML.readTree(in);
        }
        Set<String> used = new TreeSet<>();
        keywords(crd.at("/spec/versions/0/schema/openAPIV3Schema"), used);
        assertThat(COVERED).as("keywords the CRD uses; add a case for a new one").containsAll(used);
    }

    @Test
    @SuppressWarnings("rawtypes")
    void everyIotLabFileOfTheRepositoryIsValid() throws IOException {
        List<Path> files;
        try (Stream<Path> examples = Files.list(Path.of("../examples"));
             Stream<Path> e2e = Files.list(Path.of("../e2e/labs"))) {
            files = Stream.concat(examples, e2e).filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        int labs = 0;
        for (Path file : files) {
            try (var parser = YAML.createParser(file.toFile())) {
                for (Iterator<Map> docs = YAML.readValues(parser, Map.class); docs.hasNext(); ) {
                    Map<?, ?> doc = docs.next();
                    if ("IotLab".equals(doc.get("kind"))) {
                        assertThat(CrdSchema.validate(doc)).as("%s, %s", file, doc.get("metadata")).isEmpty();
                        labs++;
                    }
                }
            }
        }
        assertThat(labs).as("IotLabs in %s", files).isGreaterThanOrEqualTo(files.size());
    }

    private static Map<String, Object> nullable(String key) {
        Map<String, Object> spec = new HashMap<>();
        spec.put(key, null);
        return spec;
    }

    private static void keywords(JsonNode schema, Set<String> used) {
        schema.fieldNames().forEachRemaining(used::add);
        schema.path("properties").forEach(p -> keywords(p, used));
        for (String child : List.of("items", "additionalProperties")) {
            if (schema.path(child).isObject()) {
                keywords(schema.path(child), used);
            }
        }
        schema.path("anyOf").forEach(s -> keywords(s, used));
    }
}
