package dev.iotlab.operator.cli;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.model.CrdSchema;
import dev.iotlab.operator.model.InvalidLabException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** IotLab documents from a file (or "-" for stdin), checked against the CRD schema: the commands' one reader. */
final class LabFiles {
    /** What to do with a document that is not an IotLab (render refuses it; handout reads render's output). */
    enum OtherKinds { REFUSE, SKIP }

    private LabFiles() {
    }

    static List<IotLab> read(String file, InputStream stdin, OtherKinds others) throws IOException {
        String yaml = "-".equals(file) ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                : Files.readString(Path.of(file));
        return parse(yaml, others);
    }

    /** Parses IotLab documents; a wrong field fails with its path and what the schema allows. */
    static List<IotLab> parse(String yaml, OtherKinds others) throws IOException {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        List<IotLab> labs = new ArrayList<>();
        int index = 0;
        try (var parser = new YAMLFactory().createParser(yaml)) {
            // nextValue(), not next(): next() wraps a syntax error in a RuntimeException (a stack trace for the user)
            for (var it = mapper.readValues(parser, Object.class); it.hasNextValue(); ) {
                Object value = it.nextValue();
                index++;
                if (value != null && !(value instanceof Map)) {
                    throw new InvalidLabException("document " + index, "is not YAML key: value pairs but "
                            + (value instanceof List ? "a list" : "plain text") + "; an IotLab file starts with "
                            + "apiVersion: " + IotLab.API_VERSION);
                }
                Map<?, ?> doc = (Map<?, ?>) value;
                if (doc == null || doc.isEmpty() || (others == OtherKinds.SKIP && !"IotLab".equals(doc.get("kind")))) {
                    continue;
                }
                if (!"IotLab".equals(doc.get("kind")) || !IotLab.API_VERSION.equals(doc.get("apiVersion"))) {
                    throw new InvalidLabException("document " + index,
                            "is not an IotLab: expected apiVersion: " + IotLab.API_VERSION + " and kind: IotLab");
                }
                List<String> errors = CrdSchema.validate(doc);
                if (!errors.isEmpty()) {
                    throw new InvalidLabException("document " + index, "is not a valid IotLab:\n  "
                            + String.join("\n  ", errors));
                }
                labs.add(mapper.convertValue(doc, IotLab.class));
            }
        } catch (JsonParseException e) {
            throw notYaml(e, index);
        } catch (IllegalArgumentException | JsonMappingException e) {
            throw new InvalidLabException("document " + Math.max(index, 1), "cannot be read: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        return labs;
    }

    /** Where the YAML is broken and why, in one line: "line 4, column 5: expected ',' or '}', but got :". */
    static InvalidLabException notYaml(JsonProcessingException e, int documentsRead) {
        String problem = null;
        String where = null;
        for (Throwable t = e; t != null && problem == null; t = t.getCause()) {
            if (t instanceof com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException marked && marked.getProblem() != null) {
                problem = marked.getProblem();
                if (marked.getProblemMark() != null) {
                    where = "line " + (marked.getProblemMark().getLine() + 1) + ", column "
                            + (marked.getProblemMark().getColumn() + 1);
                }
            }
        }
        if (problem == null) {
            problem = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage().lines().findFirst().orElse("");
        }
        if (where == null && e.getLocation() != null) {
            where = "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        }
        return new InvalidLabException("document " + (documentsRead + 1),
                "is not valid YAML" + (where == null ? "" : " at " + where) + ": " + problem.trim());
    }

    /** One line for a bad input, naming the file (when there is one) and what is wrong, never a stack trace. */
    static String inputError(String file, Exception e) {
        String where = file == null ? "" : file + ": ";
        String what = e instanceof NoSuchFileException ? "no such file" : e.getMessage();
        return "error: " + where + what;
    }
}
