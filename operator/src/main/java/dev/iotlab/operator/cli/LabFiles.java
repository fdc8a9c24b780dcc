package dev.iotlab.operator.cli;

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
            for (var it = mapper.readValues(parser, Map.class); it.hasNext(); ) {
                Map<?, ?> doc = it.next();
                index++;
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
        } catch (IllegalArgumentException | JsonMappingException e) {
            throw new InvalidLabException("document " + Math.max(index, 1), "cannot be read: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        return labs;
    }

    /** One line for a bad input, naming the file (when there is one) and what is wrong, never a stack trace. */
    static String inputError(String file, Exception e) {
        String where = file == null ? "" : file + ": ";
        String what = e instanceof NoSuchFileException ? "no such file" : e.getMessage();
        return "error: " + where + what;
    }
}
