package dev.iotlab.api.progress;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.util.Set;

/**
 * A request that passed authentication (this filter runs after AuthFilter) is the student at work; probes, metrics,
 * the home page and the progress report itself are not.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class ActivityFilter implements Ordered {
    private static final Set<String> NOT_ACTIVITY = Set.of("/health", "/livez", "/metrics", "/progress", "/",
            "/favicon.ico");
    private final ActivityClock activity;

    public ActivityFilter(ActivityClock activity) {
        this.activity = activity;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }

    @RequestFilter
    public void seen(HttpRequest<?> request) {
        String path = request.getPath();
        if (request.getHeaders().contains(HttpHeaders.AUTHORIZATION) && !NOT_ACTIVITY.contains(path)
                && !path.startsWith("/home") && !path.startsWith("/swagger")) {
            activity.touch();
        }
    }
}
