package dev.iotlab.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlab.operator.model.Component;
import dev.iotlab.operator.model.Components;
import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.LabResources;
import dev.iotlab.operator.model.TestLabs;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The dependents apply what {@code render} prints: each bulk dependent wants exactly the objects of its kind in
 * {@link LabResources#all}, so a disabled component's objects are not wanted (and JOSDK deletes them).
 */
class LabBulkDependentsTest {
    static Stream<Arguments> labs() {
        List<Arguments> labs = new ArrayList<>();
        labs.add(Arguments.of("minimal", TestLabs.minimal()));
        labs.add(Arguments.of("ingress", TestLabs.lab("student: {name: A}\naccess: {ingress: {host: a.example.edu}}")));
        for (Component off : Components.ALL) {
            labs.add(Arguments.of(off.name() + " disabled", TestLabs.lab("student: {name: A}\n"
                    + "access: {ingress: {host: a.example.edu}}\ncomponents: {" + off.specKey() + ": {enabled: false}}")));
        }
        return labs.stream();
    }

    static List<LabBulkDependent<?>> dependents() {
        return List.of(new ConfigMapsDependent(), new DeploymentsDependent(), new IngressesDependent(),
                new ServicesDependent(), new VolumeClaimsDependent());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labs")
    void eachBulkDependentWantsItsKindOfWhatRenderPrints(String description, Lab lab) {
        List<HasMetadata> all = LabResources.all(lab);
        for (LabBulkDependent<?> dependent : dependents()) {
            Class<?> kind = dependent.resourceType();
            assertThat(new ArrayList<HasMetadata>(dependent.desired(lab))).as(kind.getSimpleName())
                    .containsExactlyElementsOf(all.stream().filter(kind::isInstance).toList());
        }
    }

    @Test
    void aDisabledComponentsObjectsAreNoLongerWanted() {
        Lab lab = TestLabs.lab("student: {name: A}\ncomponents: {nodeRed: {enabled: false}}");
        assertThat(new DeploymentsDependent().desired(lab)).extracting(d -> d.getMetadata().getName())
                .doesNotContain("node-red").contains("grafana");
        assertThat(new VolumeClaimsDependent().desired(lab)).extracting(d -> d.getMetadata().getName())
                .doesNotContain("node-red-data");
    }

    @Test
    void theCredentialsSecretIsCreatedButNeverUpdated() {
        assertThat(new CredentialsSecretDependent()).isNotInstanceOf(Updater.class);
    }
}
