package dev.iotlab.images.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * What the operator really produces for a lab, from its built jar (never a copy of its constants): the objects of
 * {@code iotlab-operator render}, and with {@code render --generate-credentials} a freshly generated credentials
 * Secret. The jar runs in its own JVM, so its dependencies never meet this module's.
 */
public final class OperatorOutput {
    public static final String LAB = """
            apiVersion: iotlab.dev/v1alpha1
            kind: IotLab
            metadata: {name: alice}
            spec:
              student: {name: Alice Example}
              access:
                ingress: {host: alice.labs.example.edu, className: nginx}
            """;

    private static List<Map<String, Object>> rendered;
    private static Map<String, String> secret;

    private OperatorOutput() {
    }

    /** Every object {@code iotlab-operator render} prints for the lab above (the Secret with placeholders). */
    public static synchronized List<Map<String, Object>> render() {
        if (rendered == null) {
            rendered = runRender("rendered.yaml");
        }
        return rendered;
    }

    public static Map<String, Object> object(String kind, String name) {
        return find(render(), kind, name);
    }

    /** The string data of a freshly generated credentials Secret ({@code render --generate-credentials}), real values. */
    @SuppressWarnings("unchecked")
    public static synchronized Map<String, String> generatedSecret() {
        if (secret == null) {
            Map<String, Object> generated = find(runRender("generated.yaml", "--generate-credentials"), "Secret",
                    "lab-credentials");
            secret = Map.copyOf((Map<String, String>) generated.get("stringData"));
        }
        return secret;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> find(List<Map<String, Object>> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> kind.equals(o.get("kind")) && name.equals(((Map<String, Object>) o.get("metadata")).get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("operator renders no " + kind + " " + name));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> runRender(String output, String... options) {
        try {
            Path dir = Files.createDirectories(Build.targetDir().resolve("operator-render"));
            Path lab = dir.resolve("alice.yaml");
            Files.writeString(lab, LAB);
            Path out = dir.resolve(output);
            List<String> command = new ArrayList<>(List.of(Build.javaBinary(), "-jar", Build.operatorJar().toString(),
                    "render", "-f", lab.toString()));
            command.addAll(List.of(options));
            int code = Processes.run(out, dir, Map.of(), command, 120);
            if (code != 0) {
                throw new IllegalStateException("operator render failed: " + Files.readString(out));
            }
            LoaderOptions loader = new LoaderOptions();
            loader.setCodePointLimit(20 * 1024 * 1024);
            List<Map<String, Object>> docs = new ArrayList<>();
            for (Object doc : new Yaml(loader).loadAll(Files.readString(out))) {
                if (doc instanceof Map<?, ?> m) {
                    docs.add((Map<String, Object>) m);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
