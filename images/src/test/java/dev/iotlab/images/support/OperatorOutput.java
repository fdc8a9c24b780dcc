package dev.iotlab.images.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * What the operator really produces for a lab, from its built jar (never a copy of its constants): the objects of
 * {@code iotlab-operator render} and the generated credentials Secret. The jar runs in its own JVM (render) or its
 * own class loader (Secret), so its dependencies never meet this module's.
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

    /** Every object {@code iotlab-operator render} prints for the lab above. */
    @SuppressWarnings("unchecked")
    public static synchronized List<Map<String, Object>> render() {
        if (rendered == null) {
            try {
                Path dir = Files.createDirectories(Build.targetDir().resolve("operator-render"));
                Path lab = dir.resolve("alice.yaml");
                Files.writeString(lab, LAB);
                Path out = dir.resolve("rendered.yaml");
                int code = Processes.run(out, dir, Map.of(), List.of(Build.javaBinary(), "-jar",
                        Build.operatorJar().toString(), "render", "-f", lab.toString()), 120);
                if (code != 0) {
                    throw new IllegalStateException("operator render failed: " + Files.readString(out));
                }
                LoaderOptions options = new LoaderOptions();
                options.setCodePointLimit(20 * 1024 * 1024);
                List<Map<String, Object>> docs = new ArrayList<>();
                for (Object doc : new Yaml(options).loadAll(Files.readString(out))) {
                    if (doc instanceof Map<?, ?> m) {
                        docs.add((Map<String, Object>) m);
                    }
                }
                rendered = docs;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rendered;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(String kind, String name) {
        return render().stream()
                .filter(o -> kind.equals(o.get("kind")) && name.equals(((Map<String, Object>) o.get("metadata")).get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("operator renders no " + kind + " " + name));
    }

    /** The string data of a freshly generated credentials Secret (CredentialsSecret.generate), real values. */
    @SuppressWarnings("unchecked")
    public static synchronized Map<String, String> generatedSecret() {
        if (secret == null) {
            try (URLClassLoader loader = new URLClassLoader(new URL[] {Build.operatorJar().toUri().toURL()},
                    ClassLoader.getPlatformClassLoader())) {
                Class<?> labFiles = loader.loadClass("dev.iotlab.operator.cli.LabFiles");
                Class<?> otherKinds = loader.loadClass("dev.iotlab.operator.cli.LabFiles$OtherKinds");
                Method parse = labFiles.getDeclaredMethod("parse", String.class, otherKinds);
                parse.setAccessible(true);
                @SuppressWarnings({"rawtypes", "unchecked"})
                Object refuse = Enum.valueOf((Class) otherKinds, "REFUSE");
                Object iotLab = ((List<?>) parse.invoke(null, LAB, refuse)).get(0);
                Class<?> settingsClass = loader.loadClass("dev.iotlab.operator.model.OperatorSettings");
                Object settings = settingsClass.getMethod("defaults").invoke(null);
                Class<?> labClass = loader.loadClass("dev.iotlab.operator.model.Lab");
                Constructor<?> newLab = labClass.getConstructor(iotLab.getClass(), settingsClass, Instant.class);
                Object lab = newLab.newInstance(iotLab, settings, Instant.now());
                Object generated = loader.loadClass("dev.iotlab.operator.model.CredentialsSecret")
                        .getMethod("generate", labClass).invoke(null, lab);
                secret = Map.copyOf((Map<String, String>) generated.getClass().getMethod("getStringData").invoke(generated));
            } catch (ReflectiveOperationException | IOException e) {
                throw new AssertionError("cannot call the operator's CredentialsSecret.generate (did its API change?): " + e, e);
            }
        }
        return secret;
    }
}
