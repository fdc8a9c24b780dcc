package dev.iotlab.api.web;

import dev.iotlab.api.ApiSettings;
import dev.iotlab.api.home.HomeController;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;

/**
 * Bearer-token authentication with the lab's API_TOKEN. Probes, metrics and the API description stay open.
 * Browsers' EventSource cannot send headers, so /mqtt/stream also accepts ?access_token=.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class AuthFilter implements Ordered {
    private static final Set<String> OPEN = Set.of("/health", "/livez", "/metrics", "/openapi.yml", "/docs",
            "/favicon.ico");
    private static final String PREFIX = "Bearer ";

    private final ApiSettings settings;
    private final MeterRegistry metrics;
    private final byte[] token;

    public AuthFilter(ApiSettings settings, MeterRegistry metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.token = settings.service().token().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> authenticate(HttpRequest<?> request) {
        if (settings.service().authDisabled() || request.getMethod() == HttpMethod.OPTIONS || isOpen(request.getPath())
                || isHomePage(request)) {
            return null;
        }
        String presented = null;
        String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            presented = header.substring(PREFIX.length()).trim();
        } else if (request.getPath().equals("/mqtt/stream")) {
            presented = request.getParameters().get("access_token");
        }
        if (presented == null) {
            return reject(header == null
                    ? "Missing token: send the header 'Authorization: Bearer <your lab API token>'"
                    : "Authorization header must be 'Bearer <your lab API token>'");
        }
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token)) {
            return reject("Invalid token: use the API token of your lab (API_TOKEN)");
        }
        return null;
    }

    /** The student's home page and its parts show nothing secret before sign-in (see HomeController). */
    private static boolean isHomePage(HttpRequest<?> request) {
        String path = request.getPath();
        return path.startsWith("/home/") || "/".equals(path) && HomeController.prefersHtml(request);
    }

    private static boolean isOpen(String path) {
        return OPEN.contains(path) || path.startsWith("/swagger/") || path.startsWith("/swagger-ui");
    }

    private HttpResponse<?> reject(String message) {
        metrics.counter("iotlab_auth_rejected").increment();
        return HttpResponse.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"iotlab\"")
                .body(Map.of("error", message));
    }
}
