package dev.iotlab.operator.model;

import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** Lets tests outside the model package build a lab with given operator settings. */
public final class ComponentTestSupport {
    private ComponentTestSupport() {
    }

    public static ResourceRequirements emqxResources(OperatorSettings settings) {
        Lab lab = new Lab(TestLabs.resource("student: {name: A}"), settings, TestLabs.NOW);
        return Components.EMQX.resources(lab);
    }
}
