package dev.iotlab.operator.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks an IotLab document against the OpenAPI schema of the generated CRD — the schema the API server enforces —
 * so `render` and the course chart's tests refuse what `kubectl apply` would refuse, with the field's path. CEL rules
 * are left to the API server (and {@link LabChecks} repeats the ones that matter without one).
 */
public final class CrdSchema {
    public static final String RESOURCE = "META-INF/fabric8/iotlabs.iotlab.dev-v1.yml";
    private static final Map<String, Object> SCHEMA = load();

    private CrdSchema() {
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load() {
        try (InputStream in = CrdSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing: the CRD is generated at build time");
            }
            Map<String, Object> crd = new ObjectMapper(new YAMLFactory()).readValue(in, Map.class);
            Map<String, Object> spec = (Map<String, Object>) crd.get("spec");
            Map<String, Object> version = ((List<Map<String, Object>>) spec.get("versions")).get(0);
            return (Map<String, Object>) ((Map<String, Object>) version.get("schema")).get("openAPIV3Schema");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every violation of the schema, each as "path: problem"; empty when the document is valid. */
    public static List<String> validate(Map<?, ?> document) {
        List<String> errors = new ArrayList<>();
        Object spec = document.get("spec");
        Map<?, ?> props = (Map<?, ?>) SCHEMA.get("properties");
        if (spec == null) {
            errors.add("spec: is required");
        } else {
            check(spec, (Map<?, ?>) props.get("spec"), "spec", errors);
        }
        return errors;
    }

    private static void check(Object value, Map<?, ?> schema, String path, List<String> errors) {
        if (schema == null) {
            return;
        }
        if (value == null) {
            if (!Boolean.TRUE.equals(schema.get("nullable"))) {
                errors.add(path + ": must not be null");
            }
            return;
        }
        if (Boolean.TRUE.equals(schema.get("x-kubernetes-int-or-string"))) {
            if (!(value instanceof String || value instanceof Number)) {
                errors.add(path + ": must be a number or a string like 500m or 1Gi");
            }
            return;
        }
        String type = (String) schema.get("type");
        switch (type == null ? "" : type) {
            case "object" -> checkObject(value, schema, path, errors);
            case "array" -> {
                if (!(value instanceof List<?> list)) {
                    errors.add(path + ": must be a list");
                    return;
                }
                for (int i = 0; i < list.size(); i++) {
                    check(list.get(i), (Map<?, ?>) schema.get("items"), path + "[" + i + "]", errors);
                }
            }
            case "string" -> checkString(value, schema, path, errors);
            case "integer" -> {
                if (!(value instanceof Integer || value instanceof Long)) {
                    errors.add(path + ": must be a whole number, got " + describe(value));
                    return;
                }
                checkRange(((Number) value).doubleValue(), schema, path, errors);
            }
            case "number" -> {
                if (!(value instanceof Number n)) {
                    errors.add(path + ": must be a number, got " + describe(value));
                    return;
                }
                checkRange(n.doubleValue(), schema, path, errors);
            }
            case "boolean" -> {
                if (!(value instanceof Boolean)) {
                    errors.add(path + ": must be true or false, got " + describe(value));
                }
            }
            default -> {
            }
        }
    }

    private static void checkObject(Object value, Map<?, ?> schema, String path, List<String> errors) {
        if (!(value instanceof Map<?, ?> map)) {
            errors.add(path + ": must be an object (key: value), got " + describe(value));
            return;
        }
        Map<?, ?> properties = (Map<?, ?>) schema.get("properties");
        Object additional = schema.get("additionalProperties");
        if (schema.get("required") instanceof List<?> required) {
            for (Object r : required) {
                if (!map.containsKey(r)) {
                    errors.add(path + "." + r + ": is required");
                }
            }
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String child = path + "." + e.getKey();
            if (properties != null && properties.containsKey(e.getKey())) {
                check(e.getValue(), (Map<?, ?>) properties.get(e.getKey()), child, errors);
            } else if (additional instanceof Map<?, ?> additionalSchema) {
                check(e.getValue(), additionalSchema, child, errors);
            } else if (properties != null && !Boolean.TRUE.equals(schema.get("x-kubernetes-preserve-unknown-fields"))) {
                errors.add(child + ": unknown field; allowed here: " + String.join(", ",
                        properties.keySet().stream().map(String::valueOf).sorted().toList()));
            }
        }
    }

    private static void checkString(Object value, Map<?, ?> schema, String path, List<String> errors) {
        if (!(value instanceof String s)) {
            errors.add(path + ": must be a string, got " + describe(value) + " (quote it)");
            return;
        }
        if (schema.get("enum") instanceof List<?> allowed && !allowed.contains(s)) {
            errors.add(path + ": \"" + s + "\" is not one of " + String.join(", ",
                    allowed.stream().map(String::valueOf).toList()));
        }
        if (schema.get("minLength") instanceof Number min && s.length() < min.intValue()) {
            errors.add(path + ": must have at least " + min + " characters");
        }
        if (schema.get("maxLength") instanceof Number max && s.length() > max.intValue()) {
            errors.add(path + ": must have at most " + max + " characters");
        }
        if (schema.get("pattern") instanceof String pattern && !Pattern.compile(pattern).matcher(s).find()) {
            errors.add(path + ": \"" + s + "\" does not match " + pattern);
        }
    }

    private static void checkRange(double v, Map<?, ?> schema, String path, List<String> errors) {
        if (schema.get("minimum") instanceof Number min && v < min.doubleValue()) {
            errors.add(path + ": must be at least " + min);
        }
        if (schema.get("maximum") instanceof Number max && v > max.doubleValue()) {
            errors.add(path + ": must be at most " + max);
        }
    }

    private static String describe(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
