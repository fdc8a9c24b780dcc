package dev.iotlab.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RenderCommandTest {
    record Result(int exit, String out, String err) {
    }

    static Result render(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = RenderCommand.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void rendersEveryObjectOfTheMinimalExampleWithoutACluster() {
        Result r = render("", "-f", "../examples/minimal.yaml");
        assertThat(r.exit()).as(r.err()).isZero();
        List<HasMetadata> objects = Serialization.unmarshal(r.out());
        assertThat(objects).extracting(HasMetadata::getKind).startsWith("Namespace", "Secret")
                .contains("ResourceQuota", "LimitRange", "NetworkPolicy", "ServiceAccount", "Role", "RoleBinding",
                        "ConfigMap", "PersistentVolumeClaim", "Service", "Deployment");
        assertThat(objects).filteredOn(o -> o.getKind().equals("Deployment")).hasSize(6);
        assertThat(objects).allMatch(o -> o.getMetadata().getOwnerReferences().get(0).getName().equals("alice"));
        Secret secret = (Secret) objects.get(1);
        assertThat(secret.getStringData().values()).allMatch("<generated in the cluster>"::equals);
    }

    @Test
    void generateCredentialsMakesTheSecretAsTheOperatorWouldAndOnlyThen() {
        Secret first = secretOf(render("", "-f", "../examples/minimal.yaml", "--generate-credentials"));
        Secret second = secretOf(render("", "-f", "../examples/minimal.yaml", "--generate-credentials"));
        var placeholders = secretOf(render("", "-f", "../examples/minimal.yaml")).getStringData();
        assertThat(first.getStringData()).containsOnlyKeys(placeholders.keySet());
        assertThat(first.getStringData().values()).noneMatch("<generated in the cluster>"::equals);
        assertThat(first.getStringData().get("emqx-bootstrap-users.csv")).contains("student,"
                + first.getStringData().get("mqtt-password") + ",false");
        assertThat(second.getStringData().get("mqtt-password")).as("random each time")
                .isNotEqualTo(first.getStringData().get("mqtt-password"));
    }

    private static Secret secretOf(Result r) {
        assertThat(r.exit()).as(r.err()).isZero();
        List<HasMetadata> objects = Serialization.unmarshal(r.out());
        return (Secret) objects.stream().filter(Secret.class::isInstance).findFirst().orElseThrow();
    }

    @Test
    void rendersEveryLabOfACourseFileAndReadsStdin() throws Exception {
        Result r = render(Files.readString(Path.of("../examples/course.yaml")), "-f", "-");
        assertThat(r.exit()).as(r.err()).isZero();
        List<HasMetadata> objects = Serialization.unmarshal(r.out());
        assertThat(objects).filteredOn(o -> o.getKind().equals("Namespace")).extracting(o -> o.getMetadata().getName())
                .containsExactly("iotlab-carol", "iotlab-dave", "iotlab-erin");
        assertThat(objects).filteredOn(o -> o.getKind().equals("Deployment")).hasSize(6 + 6 + 5);
    }

    @Test
    void fullExampleRendersIngressAndOverrides() {
        Result r = render("", "-f", "../examples/full.yaml");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("host: \"bob.labs.example.edu\"", "type: \"NodePort\"", "SIMULATOR_SEED");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown profile   | {student: {name: A}, profile: huge}                  | spec.profile: "huge" is not one of small, standard
            missing student   | {course: iot101}                                     | spec.student: is required
            typo in a field   | {student: {name: A}, suspended: true}                | spec.suspended: unknown field; allowed here:
            bad retention     | {student: {name: A}, components: {influxdb: {retention: 7 days}}} | spec.components.influxdb.retention: "7 days" does not match
            interval as text  | {student: {name: A}, components: {simulator: {intervalSeconds: fast}}} | spec.components.simulator.intervalSeconds: must be a whole number
            unknown scenario  | {student: {name: A}, components: {simulator: {scenario: mansion}}} | spec.components.simulator.scenario "mansion" is not a built-in scenario; use one of default, smart-home
            """)
    void invalidInputExitsNonZeroNamingTheFieldAndWhatIsAllowed(String why, String spec, String message,
                                                                @TempDir Path dir) throws Exception {
        Path file = dir.resolve("lab.yaml");
        Files.writeString(file, "apiVersion: iotlab.dev/v1alpha1\nkind: IotLab\nmetadata: {name: alice}\nspec: " + spec + "\n");
        Result r = render("", "-f", file.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(message).doesNotContain("Exception", "\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void wrongKindMissingFileAndUsageErrorsAreClear(@TempDir Path dir) throws Exception {
        Path pod = dir.resolve("pod.yaml");
        Files.writeString(pod, "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n");
        assertThat(render("", "-f", pod.toString()).err()).contains("is not an IotLab: expected apiVersion: iotlab.dev/v1alpha1");
        Result missing = render("", "-f", dir.resolve("nope.yaml").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no such file");
        Result usage = render("");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).contains("usage: iotlab-operator render -f");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            unclosed brace | apiVersion: iotlab.dev/v1alpha1\\nkind: IotLab\\nmetadata: {name: a\\nspec: [\\n | document 1 is not valid YAML at line 4, column 5: expected ',' or '}', but got :
            tab indent     | apiVersion: iotlab.dev/v1alpha1\\nkind: IotLab\\nspec:\\n\\tstudent: x\\n      | document 1 is not valid YAML at line 4, column 1:
            second doc     | apiVersion: iotlab.dev/v1alpha1\\nkind: IotLab\\nmetadata: {name: a}\\nspec: {student: {name: A}}\\n---\\na: b: c\\n | document 2 is not valid YAML at line 6, column 5: mapping values are not allowed here
            plain text     | <?xml version="1.0"?> <project/>\\n                                          | document 1 is not YAML key: value pairs but plain text
            """)
    void aFileThatIsNotYamlGetsOneLineSayingWhereItIsBroken(String why, String content, String message,
                                                             @TempDir Path dir) throws Exception {
        Path file = dir.resolve("lab.yaml");
        Files.writeString(file, content.replace("\\n", "\n").replace("\\t", "\t"));
        Result r = render("", "-f", file.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: " + file + ": " + message).doesNotContain("Exception", "\tat ");
        assertThat(r.err().strip().lines()).hasSize(1);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int handout = HandoutCommand.run(new String[] {"-f", file.toString()}, InputStream.nullInputStream(),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(handout).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(message).doesNotContain("\tat ");
    }
}
