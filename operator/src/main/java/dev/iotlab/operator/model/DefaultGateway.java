package dev.iotlab.operator.model;

import dev.iotlab.operator.customresource.GatewayScheme;

/**
 * The installer's Gateway for labs whose spec.access.gateway leaves out name and namespace, and the domain under
 * which such labs get their host (&lt;lab&gt;.&lt;domain&gt;). Empty fields mean "not set".
 */
public record DefaultGateway(String name, String namespace, String sectionName, String domain, GatewayScheme scheme) {
    public static final DefaultGateway NONE = new DefaultGateway(null, null, null, null, null);

    public DefaultGateway {
        name = blankToNull(name);
        namespace = blankToNull(namespace);
        sectionName = blankToNull(sectionName);
        domain = blankToNull(domain);
    }

    public boolean named() {
        return name != null && namespace != null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
