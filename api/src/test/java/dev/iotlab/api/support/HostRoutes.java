package dev.iotlab.api.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * The student's host as the operator routes it to the API, for browser tests: exactly "/" to the API's "/" (the home
 * page) and the prefix "/api" to the API with the prefix stripped — what ApiComponent's WebRoutes ask of the access
 * layer and both renderings do (ingress-nginx/Traefik Ingress rewrites and the Gateway API HTTPRoute's
 * ReplacePrefixMatch); every other path is not the API's and answers 404 as the ingress's default backend would.
 * Redirects are passed to the browser unchanged, as a proxy does.
 */
public final class HostRoutes implements AutoCloseable {
    private static final Set<String> PASSED_REQUEST = Set.of("accept", "content-type", "authorization");
    private static final Set<String> PASSED_RESPONSE = Set.of("content-type", "location", "content-security-policy",
            "cache-control", "retry-after", "vary", "x-content-type-options");
    private final HttpServer server;
    private final String upstream;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    public HostRoutes(String upstream) {
        this.upstream = upstream.replaceAll("/+$", "");
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    /** The host's base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The API path a host path is forwarded to, or null when no route of the API matches. */
    static String route(String path) {
        if (path.equals("/")) {
            return "/";
        }
        if (path.equals("/api") || path.startsWith("/api/")) {
            return "/" + path.substring("/api".length()).replaceFirst("^/", "");
        }
        return null;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            URI uri = ex.getRequestURI();
            String target = route(uri.getRawPath());
            if (target == null) {
                byte[] body = "404 Not Found (no route of the lab for this path)".getBytes();
                ex.sendResponseHeaders(404, body.length);
                ex.getResponseBody().write(body);
                return;
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(upstream + target
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())));
            ex.getRequestHeaders().forEach((name, values) -> {
                if (PASSED_REQUEST.contains(name.toLowerCase())) {
                    values.forEach(v -> b.header(name, v));
                }
            });
            b.header("X-Forwarded-For", ex.getRemoteAddress().getAddress().getHostAddress());
            byte[] in = ex.getRequestBody().readAllBytes();
            b.method(ex.getRequestMethod(), in.length == 0 ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(in));
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            r.headers().map().forEach((name, values) -> {
                if (PASSED_RESPONSE.contains(name.toLowerCase())) {
                    ex.getResponseHeaders().put(name, List.copyOf(values));
                }
            });
            ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
            if (r.body().length > 0) {
                ex.getResponseBody().write(r.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
