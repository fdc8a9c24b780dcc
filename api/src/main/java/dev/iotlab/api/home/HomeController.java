package dev.iotlab.api.home;

import dev.iotlab.api.ApiSettings;
import dev.iotlab.api.progress.ModuleResult;
import dev.iotlab.api.progress.ProgressTracker;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Hidden;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The student's home page: {@code GET /} for browsers (see {@link #prefersHtml}; scripts keep the original JSON),
 * {@code GET /home/status} for its live parts, {@code POST /home/sign-in} for the .env after sign-in with a credential
 * from the handout (the lab's API token). Nothing secret before sign-in; failures limited and logged.
 */
@Controller("/home")
@Hidden
@ExecuteOn(TaskExecutors.BLOCKING)
public class HomeController {
    private static final Logger LOG = LoggerFactory.getLogger(HomeController.class);
    private final LabHome home;
    private final ProgressTracker progress;
    private final SignInLimiter limiter;
    private final Lessons lessons;
    private final byte[] token;

    public HomeController(LabHome home, ProgressTracker progress, SignInLimiter limiter, Lessons lessons,
                          ApiSettings settings) {
        this.home = home;
        this.lessons = lessons;
        this.progress = progress;
        this.limiter = limiter;
        this.token = settings.service().token().getBytes(StandardCharsets.UTF_8);
    }

    /** Browsers ask for text/html before anything else; requests (Accept: *&#47;*), curl and fetch() do not. */
    public static boolean prefersHtml(HttpRequest<?> request) {
        double html = -1;
        double json = -1;
        for (String part : request.getHeaders().getAll(HttpHeaders.ACCEPT)) {
            for (String range : part.split(",")) {
                String[] bits = range.trim().split(";");
                String type = bits[0].trim().toLowerCase(java.util.Locale.ROOT);
                double q = 1;
                for (int i = 1; i < bits.length; i++) {
                    String p = bits[i].trim();
                    if (p.startsWith("q=")) {
                        try {
                            q = Double.parseDouble(p.substring(2));
                        } catch (NumberFormatException e) {
                            q = 0;
                        }
                    }
                }
                if (type.equals("text/html") || type.equals("application/xhtml+xml")) {
                    html = Math.max(html, q);
                } else if (type.equals("application/json")) {
                    json = Math.max(json, q);
                }
            }
        }
        return html > 0 && html > json;
    }

    public static HttpResponse<String> page() {
        return HomePages.html(HttpStatus.OK, HomePages.fill("home.html", Map.of()), HomePages.HOME_POLICY)
                .header("Vary", "Accept");
    }

    @Get(value = "/status", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("links", home.links());
        out.put("connection", home.connection());
        out.put("health", home.health());
        var evaluation = progress.current();
        List<Map<String, Object>> modules = evaluation.modules().stream().map(this::module).toList();
        out.put("progress", Map.of("summary", evaluation.summary(), "modules", modules));
        out.put("lastActivity", progress.lastActivity() == null ? null : progress.lastActivity().toString());
        return out;
    }

    private Map<String, Object> module(ModuleResult m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("module", m.module());
        out.put("title", m.title());
        // relative to the page's own directory, like home/status
        lessons.module(m.module()).ifPresent(l -> out.put("lesson", LessonController.PATH.substring(1) + "/"
                + LessonLinks.page(l)));
        out.put("done", m.done());
        out.put("missing", m.missing());
        return out;
    }

    @Post(value = "/sign-in", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> signIn(@Body Map<String, Object> body, HttpRequest<?> request) {
        String client = client(request);
        long wait = limiter.retryAfter(client);
        if (wait > 0) {
            LOG.warn("Home page sign-in refused for {}: too many failed attempts, retry in {} s", client, wait);
            return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, String.valueOf(wait))
                    .body(Map.of("error", "Too many failed sign-ins; try again in " + wait + " s."));
        }
        Object credential = body.get("credential");
        if (!(credential instanceof String c) || !MessageDigest.isEqual(c.trim().getBytes(StandardCharsets.UTF_8), token)) {
            limiter.failed(client);
            LOG.warn("Home page sign-in failed from {}", client);
            return HttpResponse.status(HttpStatus.UNAUTHORIZED).body(Map.of("error",
                    "That is not your lab's API token: copy API_TOKEN from your handout."));
        }
        return home.env().<HttpResponse<?>>map(env -> HttpResponse.ok(Map.of("env", env)))
                .orElseGet(() -> HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error",
                        "This lab's API has no student credentials mounted; ask your instructor for the handout.")));
    }

    /** Behind the ingress the first X-Forwarded-For address; else the connection's. */
    static String client(HttpRequest<?> request) {
        String forwarded = request.getHeaders().get("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            return forwarded.split(",")[0].trim();
        }
        return request.getRemoteAddress().getAddress().getHostAddress();
    }
}
