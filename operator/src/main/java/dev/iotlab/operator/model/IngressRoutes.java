package dev.iotlab.operator.model;

import dev.iotlab.operator.customresource.IngressSpec;

/** External URLs of the lab's paths on its ingress host. */
public final class IngressRoutes {
    private IngressRoutes() {
    }

    /** The external URL of a path, or null without an ingress; websocket picks ws/wss instead of http/https. */
    public static String external(Lab lab, String path, boolean websocket) {
        return lab.ingress().map(ingress -> scheme(ingress, websocket) + "://" + ingress.getHost() + path)
                .orElse(null);
    }

    private static String scheme(IngressSpec ingress, boolean websocket) {
        boolean tls = ingress.getTlsSecretName() != null;
        if (websocket) {
            return tls ? "wss" : "ws";
        }
        return tls ? "https" : "http";
    }
}
