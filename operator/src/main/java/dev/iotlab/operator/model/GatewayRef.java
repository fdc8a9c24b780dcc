package dev.iotlab.operator.model;

import dev.iotlab.operator.customresource.GatewayScheme;

/** The Gateway a lab's HTTPRoute attaches to, with the operator's defaults filled in. */
public record GatewayRef(String name, String namespace, String sectionName, String host, GatewayScheme scheme) {

    public String describe() {
        return namespace + "/" + name + (sectionName == null ? "" : " (listener " + sectionName + ")");
    }
}
