package dev.iotlab.operator.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A schema from a CRD (a field's, such as the spec's; the root's implicit apiVersion, kind and metadata are not added)
 * rewritten into plain JSON Schema (OpenAPI 3.0 dialect) that says what the API server enforces of a structural
 * schema: an object that lists its properties and has neither additionalProperties nor
 * x-kubernetes-preserve-unknown-fields refuses unknown fields (additionalProperties: false), and
 * x-kubernetes-int-or-string is an integer or a string (type [integer, string]). CEL rules (x-kubernetes-validations)
 * stay as they are: a JSON-schema validator does not evaluate them.
 */
final class StructuralSchema {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ArrayNode INT_OR_STRING = NODES.arrayNode().add("integer").add("string");
    /** What fabric8's generator writes beside x-kubernetes-int-or-string; the union type above replaces it. */
    private static final ArrayNode PLAIN_ANY_OF = NODES.arrayNode()
            .add(NODES.objectNode().put("type", "integer")).add(NODES.objectNode().put("type", "string"));

    private StructuralSchema() {
    }

    /** A rewritten copy; the given schema is left unchanged. */
    static ObjectNode of(JsonNode openApiV3Schema) {
        ObjectNode copy = openApiV3Schema.deepCopy();
        rewrite(copy);
        return copy;
    }

    private static void rewrite(JsonNode node) {
        if (!(node instanceof ObjectNode schema)) {
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
            schema.set("type", INT_OR_STRING.deepCopy());
            if (PLAIN_ANY_OF.equals(schema.get("anyOf"))) {
                schema.remove("anyOf");
            }
        }
        if (schema.has("properties") && !schema.has("additionalProperties")
                && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
            schema.put("additionalProperties", false);
        }
        schema.path("properties").forEach(StructuralSchema::rewrite);
        rewrite(schema.get("items"));
        rewrite(schema.get("additionalProperties"));
        rewrite(schema.get("not"));
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            schema.path(combinator).forEach(StructuralSchema::rewrite);
        }
    }
}
