package dev.iotlab.operator.model;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * Our wording of a JSON-schema validator's error: "path: problem", the path dotted as kubectl names fields
 * ({@code spec.components.grafana.resources.limits.cpu}, {@code spec.x[0]}), the problem saying what is allowed.
 * A keyword without a wording of ours keeps the validator's English text.
 */
final class SchemaMessages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaMessages() {
    }

    /**
     * @param root   the path of the validated value, e.g. "spec"
     * @param schema the schema that was validated against, to list the fields an object allows
     */
    static String of(Error error, String root, JsonNode schema) {
        String path = path(root, error.getInstanceLocation());
        JsonNode arg = error.getSchemaNode();
        JsonNode value = error.getInstanceNode();
        return switch (error.getKeyword()) {
            case "type" -> path + ": " + wrongType(arg, value);
            case "required" -> path + "." + error.getProperty() + ": is required";
            case "additionalProperties" -> path + "." + error.getProperty() + ": unknown field; allowed here: "
                    + String.join(", ", allowedFields(error, schema));
            case "enum" -> path + ": " + describe(value) + " is not one of " + String.join(", ", texts(arg));
            case "minLength" -> path + ": must have at least " + arg.asText() + " characters";
            case "maxLength" -> path + ": must have at most " + arg.asText() + " characters";
            case "pattern" -> path + ": " + describe(value) + " does not match " + arg.asText();
            case "minimum" -> path + ": must be at least " + arg.asText();
            case "maximum" -> path + ": must be at most " + arg.asText();
            default -> path + ": " + error.getMessage();
        };
    }

    static String path(String root, NodePath location) {
        StringBuilder path = new StringBuilder(root);
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            path.append(element instanceof Integer index ? "[" + index + "]" : "." + element);
        }
        return path.toString();
    }

    private static String wrongType(JsonNode expected, JsonNode value) {
        if (value == null || value.isNull()) {
            return "must not be null";
        }
        return switch (expected.isArray() ? "int-or-string" : expected.asText()) {
            case "int-or-string" -> "must be a whole number or a string like 500m or 1Gi, got " + describe(value);
            case "integer" -> "must be a whole number, got " + describe(value);
            case "number" -> "must be a number, got " + describe(value);
            case "boolean" -> "must be true or false, got " + describe(value);
            case "string" -> "must be a string, got " + describe(value) + " (quote it)";
            case "object" -> "must be an object (key: value), got " + describe(value);
            case "array" -> "must be a list";
            default -> "must be of type " + expected.asText() + ", got " + describe(value);
        };
    }

    /** The fields of the object schema whose additionalProperties: false refused one, sorted. */
    private static List<String> allowedFields(Error error, JsonNode schema) {
        NodePath keyword = error.getSchemaLocation().getFragment();
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < keyword.getNameCount() - 1; i++) {
            pointer.append('/').append(keyword.getName(i).replace("~", "~0").replace("/", "~1"));
        }
        List<String> names = new ArrayList<>();
        schema.at(JsonPointer.compile(pointer.toString())).path("properties").fieldNames().forEachRemaining(names::add);
        names.sort(null);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    /** A string in quotes, anything else as YAML's reader gave it (as the hand-written check printed it). */
    private static String describe(JsonNode value) {
        if (value.isTextual()) {
            return "\"" + value.textValue() + "\"";
        }
        return String.valueOf(JSON.convertValue(value, Object.class));
    }
}
