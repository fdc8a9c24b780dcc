package dev.iotlab.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

/** The rewrite of a CRD schema into plain JSON Schema that enforces what the API server enforces. */
class StructuralSchemaTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static JsonNode yaml(String text) throws Exception {
        return YAML.readTree(text);
    }

    @Test
    void objectsThatListTheirPropertiesRefuseOthersUnlessTheyPreserveOrTypeThem() throws Exception {
        JsonNode crd = yaml("""
                type: object
                properties:
                  list: {type: array, items: {type: object, properties: {a: {type: string}}}}
                  kept: {type: object, x-kubernetes-preserve-unknown-fields: true, properties: {a: {type: string}}}
                  map: {type: object, additionalProperties: {type: string}}
                  free: {type: object}
                """);
        JsonNode rewritten = StructuralSchema.of(crd);
        assertThat(rewritten.at("/additionalProperties").asBoolean(true)).isFalse();
        assertThat(rewritten.at("/properties/list/items/additionalProperties").asBoolean(true)).isFalse();
        assertThat(rewritten.at("/properties/kept").has("additionalProperties")).isFalse();
        assertThat(rewritten.at("/properties/map/additionalProperties"))
                .isEqualTo(yaml("{type: string}"));
        assertThat(rewritten.at("/properties/free").has("additionalProperties")).isFalse();
        assertThat(crd.has("additionalProperties")).as("the input is left alone").isFalse();
    }

    @Test
    void intOrStringBecomesAUnionTypeInMapsToo() throws Exception {
        JsonNode rewritten = StructuralSchema.of(yaml("""
                properties:
                  requests:
                    type: object
                    additionalProperties:
                      anyOf: [{type: integer}, {type: string}]
                      x-kubernetes-int-or-string: true
                  port: {x-kubernetes-int-or-string: true}
                """));
        assertThat(rewritten.at("/properties/requests/additionalProperties"))
                .isEqualTo(yaml("{type: [integer, string], x-kubernetes-int-or-string: true}"));
        assertThat(rewritten.at("/properties/port/type")).isEqualTo(yaml("[integer, string]"));
    }
}
