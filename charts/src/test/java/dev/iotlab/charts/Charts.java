package dev.iotlab.charts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The two charts of the repository, rendered and linted by real Helm (helm-java, in-process, offline). */
final class Charts {
    static final Path ROOT = repoRoot();
    static final Path OPERATOR = ROOT.resolve("charts/iotlab-operator");
    static final Path COURSE = ROOT.resolve("charts/iotlab-course");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Charts() {
    }

    private static Path repoRoot() {
        String prop = System.getProperty("iotlab.repo.root");
        Path start = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath();
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("charts/iotlab-operator")) && Files.isDirectory(dir.resolve("crds"))) {
                return dir;
            }
        }
        throw new IllegalStateException("repository root (with charts/ and crds/) not found above " + start);
    }

    static LintResult lintStrict(Path chart) {
        return new Helm(chart).lint().strict().call();
    }

    /** helm template with the given values (YAML text, may be null), as parsed documents. */
    static List<Map<String, Object>> template(Path chart, String release, String namespace, String valuesYaml) {
        return parse(templateText(chart, release, namespace, valuesYaml));
    }

    static String templateText(Path chart, String release, String namespace, String valuesYaml) {
        TemplateCommand command = new Helm(chart).template().withName(release).withNamespace(namespace);
        if (valuesYaml != null) {
            command = command.withValuesFile(writeTemp(valuesYaml));
        }
        String out = command.call();
        return out == null ? "" : out; // helm-java gives null when nothing is rendered
    }

    static Path writeTemp(String valuesYaml) {
        try {
            Path file = Files.createTempFile("values-", ".yaml");
            file.toFile().deleteOnExit();
            Files.writeString(file, valuesYaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> parse(String multiDocYaml) {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(multiDocYaml)) {
            for (var it = YAML.readValues(parser, Map.class); it.hasNext(); ) {
                Map<String, Object> doc = it.next();
                if (doc != null && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    static List<Map<String, Object>> ofKind(List<Map<String, Object>> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String... path) {
        Object cur = o;
        for (String p : path) {
            cur = ((Map<String, Object>) cur).get(p);
        }
        return (Map<String, Object>) cur;
    }

    /** A roster of n students s001..sNNN, the first with an email. */
    static String roster(int n) {
        StringBuilder sb = new StringBuilder("students:\n");
        for (int i = 1; i <= n; i++) {
            sb.append(String.format("  - {id: s%03d, name: \"Student %d\"%s}%n", i, i,
                    i == 1 ? ", email: s001@example.edu" : ""));
        }
        if (n == 0) {
            sb.setLength(0);
            sb.append("students: []\n");
        }
        return sb.toString();
    }
}
