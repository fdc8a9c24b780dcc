package dev.iotlab.operator.customresource;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.iotlab.operator.model.BuildInfo;
import dev.iotlab.operator.model.CrdSchema;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * crds/ holds the CRD generated from the Java model at build time. This fails when someone changes the model and
 * forgets to refresh it: run `mvn -pl operator test -Dtest=CrdCheckedInTest -Diotlab.crd.update=true`.
 */
class CrdCheckedInTest {
    static final Path CHECKED_IN = Path.of("..", "crds", "iotlab.dev_iotlabs.yaml");
    /** kubectl shows printer columns in this order; the generator sorts them by JSON path. */
    static final List<String> COLUMN_ORDER = List.of("Student", "Course", "Phase", "Progress", "Endpoint", "Age");

    @Test
    void checkedInCrdIsTheGeneratedOne() throws Exception {
        String expected = expectedCrd();
        if (Boolean.getBoolean("iotlab.crd.update")) {
            Files.writeString(CHECKED_IN, expected);
        }
        assertThat(Files.exists(CHECKED_IN)).as(CHECKED_IN + " exists").isTrue();
        assertThat(Files.readString(CHECKED_IN))
                .as("crds/ is stale; run mvn -pl operator test -Dtest=CrdCheckedInTest -Diotlab.crd.update=true")
                .isEqualTo(expected);
    }

    @Test
    void printerColumnsAreInTheOrderInstructorsRead() throws Exception {
        Map<String, Object> crd = yaml().readValue(expectedCrd(), Map.class);
        assertThat(columns(crd)).extracting(c -> c.get("name")).containsExactlyElementsOf(COLUMN_ORDER);
    }

    /** The generated CRD with the printer columns in reading order. */
    @SuppressWarnings("unchecked")
    static String expectedCrd() throws Exception {
        ObjectMapper yaml = yaml();
        Map<String, Object> crd;
        try (InputStream in = CrdSchema.class.getClassLoader().getResourceAsStream(CrdSchema.RESOURCE)) {
            crd = yaml.readValue(in, Map.class);
        }
        List<Map<String, Object>> columns = new ArrayList<>(columns(crd));
        columns.sort((a, b) -> COLUMN_ORDER.indexOf(a.get("name")) - COLUMN_ORDER.indexOf(b.get("name")));
        columns(crd).clear();
        columns(crd).addAll(columns);
        // Which release of the project this CRD belongs to (bin/set-version; ReleaseVersionTest checks it).
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("annotations", Map.of(BuildInfo.VERSION_ANNOTATION, BuildInfo.version()));
        metadata.putAll((Map<String, Object>) crd.get("metadata"));
        crd.put("metadata", metadata);
        return "# Generated from the Java model in operator/ (fabric8 crd-generator). Do not edit by hand:\n"
                + "# mvn -pl operator test -Dtest=CrdCheckedInTest -Diotlab.crd.update=true\n"
                + yaml.writeValueAsString(crd);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> columns(Map<String, Object> crd) {
        Map<String, Object> spec = (Map<String, Object>) crd.get("spec");
        Map<String, Object> version = ((List<Map<String, Object>>) spec.get("versions")).get(0);
        return (List<Map<String, Object>>) version.get("additionalPrinterColumns");
    }

    static ObjectMapper yaml() {
        return new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    }
}
