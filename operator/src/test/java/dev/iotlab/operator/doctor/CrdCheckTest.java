package dev.iotlab.operator.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whether an installed CRD is this jar's: the same schemas, whatever the order of keys the API server returns. */
class CrdCheckTest {

    @Test
    void theBundledCrdIsItselfEvenWithItsKeysReordered() {
        CustomResourceDefinition bundled = CrdCheck.bundled();
        assertThat(bundled.getMetadata().getName()).isEqualTo(CrdCheck.CRD_NAME);
        Object reversed = reversed(Serialization.jsonMapper().convertValue(bundled, Map.class));
        CustomResourceDefinition reordered = Serialization.jsonMapper().convertValue(reversed,
                CustomResourceDefinition.class);
        assertThat(List.copyOf(reordered.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()
                .getProperties().keySet())).as("really reordered").isNotEqualTo(List.copyOf(bundled.getSpec()
                .getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().keySet()));
        assertThat(CrdCheck.sameVersions(reordered, bundled)).isTrue();
    }

    /** Every map of the tree with its keys in the opposite order. */
    private static Object reversed(Object node) {
        if (node instanceof Map<?, ?> map) {
            List<Object> keys = new ArrayList<>(map.keySet());
            Collections.reverse(keys);
            Map<Object, Object> out = new LinkedHashMap<>();
            keys.forEach(k -> out.put(k, reversed(map.get(k))));
            return out;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(CrdCheckTest::reversed).toList();
        }
        return node;
    }

    @Test
    void anOlderSchemaOrAnotherSetOfVersionsIsNot() {
        CustomResourceDefinition bundled = CrdCheck.bundled();
        CustomResourceDefinition older = new CustomResourceDefinitionBuilder(bundled).build();
        older.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().setDescription("an older release");
        assertThat(CrdCheck.sameVersions(older, CrdCheck.bundled())).isFalse();
        CustomResourceDefinition fewer = new CustomResourceDefinitionBuilder(bundled).editSpec().withVersions()
                .endSpec().build();
        assertThat(CrdCheck.sameVersions(fewer, CrdCheck.bundled())).isFalse();
    }
}
