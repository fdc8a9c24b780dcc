package dev.iotlab.operator.model;

/**
 * External URLs of the lab's paths on the student's host — the one place that turns a path into the address a
 * student types, whether the host comes from an Ingress or a Gateway API HTTPRoute.
 */
public final class IngressRoutes {
    private IngressRoutes() {
    }

    /** The external URL of a path, or null without external access; websocket picks ws/wss instead of http/https. */
    public static String external(Lab lab, String path, boolean websocket) {
        return lab.externalHost().map(host -> scheme(host.tls(), websocket) + "://" + host.host() + path)
                .orElse(null);
    }

    private static String scheme(boolean tls, boolean websocket) {
        if (websocket) {
            return tls ? "wss" : "ws";
        }
        return tls ? "https" : "http";
    }
}
