package dev.iotlab.operator.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks an IotLab document against the OpenAPI schema of the generated CRD — the schema the API server enforces —
 * so `render` and the course chart's tests refuse what `kubectl apply` would refuse, with the field's path. A
 * JSON-schema validator (networknt, OpenAPI 3.0 dialect: draft 4 with nullable) does the checking, on the schema as
 * {@link StructuralSchema} rewrites it; {@link SchemaMessages} words its errors. CEL rules are left to the API server
 * (and {@link LabChecks} repeats the ones that matter without one).
 */
public final class CrdSchema {
    public static final String RESOURCE = "META-INF/fabric8/iotlabs.iotlab.dev-v1.yml";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(kubernetesDialect(),
            registry -> registry.schemaRegistryConfig(SchemaRegistryConfig.builder().locale(Locale.ENGLISH).build()));
    private static final CrdSchema BUNDLED = new CrdSchema(bundledSchema());

    private final JsonNode specSchema;
    private final Schema spec;

    /** @param openApiV3Schema a CRD version's schema.openAPIV3Schema, whose properties.spec is checked */
    CrdSchema(JsonNode openApiV3Schema) {
        this.specSchema = StructuralSchema.of(openApiV3Schema.path("properties").path("spec"));
        this.spec = REGISTRY.getSchema(specSchema);
        this.spec.initializeValidators();
    }

    /** Every violation of the schema, each as "path: problem"; empty when the document is valid. */
    public static List<String> validate(Map<?, ?> document) {
        return BUNDLED.errors(document);
    }

    List<String> errors(Map<?, ?> document) {
        Object value = document.get("spec");
        if (value == null) {
            return List.of("spec: is required");
        }
        List<Error> errors = spec.validate(JSON.valueToTree(value));
        // A value of the wrong type is told so once, not also that it is none of an enum's values.
        Set<String> wrongType = new HashSet<>();
        errors.stream().filter(e -> "type".equals(e.getKeyword()))
                .forEach(e -> wrongType.add(e.getInstanceLocation().toString()));
        List<String> messages = new ArrayList<>();
        for (Error e : errors) {
            if ("type".equals(e.getKeyword()) || !wrongType.contains(e.getInstanceLocation().toString())) {
                messages.add(SchemaMessages.of(e, "spec", specSchema));
            }
        }
        return messages;
    }

    /**
     * OpenAPI 3.0 with the API server's extensions as known keywords that validate nothing here: x-kubernetes-*
     * are either rewritten by {@link StructuralSchema} or CEL rules. Any other keyword the dialect lacks fails the
     * load, since the API server may enforce it.
     */
    private static Dialect kubernetesDialect() {
        return Dialect.builder(Dialects.getOpenApi30()).unknownKeywordFactory((keyword, context) -> {
            if (keyword.startsWith("x-kubernetes-")) {
                return new NonValidationKeyword(keyword);
            }
            throw new IllegalStateException("the CRD's schema uses the keyword " + keyword + ", which the offline "
                    + "check does not know: teach CrdSchema about it (the API server may enforce it)");
        }).build();
    }

    private static JsonNode bundledSchema() {
        try (InputStream in = CrdSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing: the CRD is generated at build time");
            }
            JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(in);
            return crd.path("spec").path("versions").path(0).path("schema").path("openAPIV3Schema");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
