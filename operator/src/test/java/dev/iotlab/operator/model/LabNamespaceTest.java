package dev.iotlab.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import org.junit.jupiter.api.Test;

class LabNamespaceTest {

    @Test
    void namespaceIsLabelledAndEnforcesRestricted() {
        Namespace ns = LabNamespace.desired(TestLabs.lab("student: {name: Alice Example}\ncourse: iot101"));
        assertThat(ns.getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
                .containsEntry(Labels.STUDENT, "alice-example")
                .containsEntry(Labels.COURSE, "iot101")
                .containsEntry(Labels.LAB, "alice");
    }
}
