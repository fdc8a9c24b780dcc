package dev.iotlab.operator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.iotlab.operator.model.CrdSchema;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test: `mvn -pl operator -am verify -Pbench -Dtest=CrdSchemaBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false`. The offline schema check of every IotLab in examples/ (a valid and an
 * invalid variant of each): the first call (schema load included), then the mean per document over many calls after a
 * warm-up. One figure per line.
 */
@Tag("bench")
class CrdSchemaBenchmark {
    static final int ROUNDS = Integer.getInteger("iotlab.bench.rounds", 20_000);

    @Test
    @SuppressWarnings("unchecked")
    void validationTimePerDocument() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<Map<String, Object>> docs = new ArrayList<>();
        for (File f : new File("../examples").listFiles((d, n) -> n.endsWith(".yaml"))) {
            try (var parser = yaml.createParser(f)) {
                yaml.readValues(parser, Map.class).forEachRemaining(d -> docs.add((Map<String, Object>) d));
            }
        }
        docs.removeIf(d -> !"IotLab".equals(d.get("kind")));
        int valid = docs.size();
        for (int i = 0; i < valid; i++) {
            Map<String, Object> bad = yaml.convertValue(docs.get(i), Map.class);
            ((Map<String, Object>) bad.get("spec")).put("profile", "huge");
            ((Map<String, Object>) bad.get("spec")).put("suspended", 1);
            docs.add(bad);
        }
        long t0 = System.nanoTime();
        int errors = CrdSchema.validate(docs.get(0)).size();
        long first = System.nanoTime() - t0;
        for (int i = 0; i < ROUNDS / 4; i++) {
            errors += CrdSchema.validate(docs.get(i % docs.size())).size();
        }
        t0 = System.nanoTime();
        for (int i = 0; i < ROUNDS; i++) {
            errors += CrdSchema.validate(docs.get(i % docs.size())).size();
        }
        double perDocUs = (System.nanoTime() - t0) / 1e3 / ROUNDS;
        System.out.printf("BENCH crd-schema documents=%d first_call_ms=%.1f per_document_us=%.1f errors_seen=%d%n",
                docs.size(), first / 1e6, perDocUs, errors);
    }
}
