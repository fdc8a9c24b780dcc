package dev.iotlab.operator.model;

/**
 * One path on the student's host and the Service behind it — what a component asks of the access layer, whatever
 * renders it (ingress-nginx annotations, Traefik Middlewares or a Gateway API HTTPRoute).
 *
 * @param path          "/grafana", or "/" for the student's home page
 * @param exact         only this path (the home page), not a prefix
 * @param stripPrefix   the app serves at "/", so the prefix is removed before forwarding (API, EMQX dashboard)
 * @param slashRedirect the bare path (no trailing slash) is redirected to path + "/": the UI uses relative links
 * @param longLived     connections stay open (MQTT over WebSocket)
 */
public record WebRoute(String path, String service, int port, boolean exact, boolean stripPrefix,
                       boolean slashRedirect, boolean longLived) {

    /** A web UI that knows its sub-path (Grafana, Node-RED). */
    public static WebRoute subPathUi(String path, String service, int port) {
        return new WebRoute(path, service, port, false, false, true, false);
    }

    /** A web UI that only serves at "/" (the EMQX dashboard). */
    public static WebRoute strippedUi(String path, String service, int port) {
        return new WebRoute(path, service, port, false, true, true, false);
    }

    /** An HTTP API that only serves at "/". */
    public static WebRoute strippedApi(String path, String service, int port) {
        return new WebRoute(path, service, port, false, true, false, false);
    }

    /** Long-lived WebSocket connections, forwarded unchanged. */
    public static WebRoute websocket(String path, String service, int port) {
        return new WebRoute(path, service, port, false, false, false, true);
    }

    /** Exactly "/" of the host, unchanged (the student's home page); every longer path wins over it. */
    public static WebRoute home(String service, int port) {
        return new WebRoute("/", service, port, true, false, false, false);
    }

    /** Every path of the lab's enabled components, in the components' order: the student's host. */
    public static java.util.List<WebRoute> all(Lab lab) {
        return Components.enabled(lab).stream().flatMap(c -> c.webRoutes(lab).stream()).toList();
    }

    /** The path a browser is redirected to from {@link #path()} when {@link #slashRedirect()}. */
    public String withSlash() {
        return path + "/";
    }
}
