package dev.iotlab.operator.course;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.http.filter.ServerFilterPhase;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards the course view with a token when one is configured (an exposed view; through port-forward the kubectl
 * login already guards it). Scripts send {@code Authorization: Bearer <token>}; a browser signs in once through the
 * form, which sets an HttpOnly, SameSite=Strict cookie. Failed attempts are logged.
 */
@ServerFilter({"/courses", "/courses/**", "/api/v1/courses", "/api/v1/courses/**"})
@Controller
public class CourseViewAuth implements Ordered {
    static final String COOKIE = "iotlab_course_view";
    private static final Logger LOG = LoggerFactory.getLogger(CourseViewAuth.class);
    private final CourseViewSettings settings;

    public CourseViewAuth(CourseViewSettings settings) {
        this.settings = settings;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request) {
        if (settings.getToken() == null || request.getPath().equals("/courses/sign-in") || matches(presented(request))) {
            return null;
        }
        if (request.getHeaders().contains(HttpHeaders.AUTHORIZATION)) {
            LOG.warn("Course view: wrong token from {} for {}", request.getRemoteAddress().getAddress().getHostAddress(),
                    request.getPath());
        }
        if (request.getPath().startsWith("/api/")) {
            return HttpResponse.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .body(Map.of("error", "send Authorization: Bearer <the course view token> (the Secret named in "
                            + "the operator chart's courseView.tokenSecret)"));
        }
        return signInPage(request.getPath(), false);
    }

    @Post(value = "/courses/sign-in", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> signIn(@Body Map<String, String> form, HttpRequest<?> request) {
        String next = form.getOrDefault("next", "/courses");
        if (!next.startsWith("/courses") || next.contains("//")) {
            next = "/courses";
        }
        if (settings.getToken() == null) {
            return HttpResponse.seeOther(URI.create(next));
        }
        if (!matches(form.get("token"))) {
            LOG.warn("Course view: failed sign-in from {}", request.getRemoteAddress().getAddress().getHostAddress());
            return signInPage(next, true);
        }
        return HttpResponse.seeOther(URI.create(next)).cookie(Cookie.of(COOKIE, settings.getToken()).httpOnly(true)
                .sameSite(SameSite.Strict).path("/").secure(isHttps(request)));
    }

    private static boolean isHttps(HttpRequest<?> request) {
        return request.isSecure() || "https".equalsIgnoreCase(request.getHeaders().get("X-Forwarded-Proto"));
    }

    private static String presented(HttpRequest<?> request) {
        String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        return request.getCookies().findCookie(COOKIE).map(Cookie::getValue).orElse(null);
    }

    private boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                settings.getToken().getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<?> signInPage(String next, boolean failed) {
        String safeNext = next.replaceAll("[^A-Za-z0-9/._-]", "");
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>IotLab course view: sign "
                + "in</title><meta name=\"viewport\" content=\"width=device-width\"></head><body><main><h1>Course view"
                + "</h1>" + (failed ? "<p role=\"alert\">That token is not the course view token.</p>" : "")
                + "<form method=\"post\" action=\"/courses/sign-in\"><label for=\"token\">Course view token</label> "
                + "<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"current-password\" required "
                + "autofocus><input type=\"hidden\" name=\"next\" value=\"" + safeNext + "\"> <button type=\"submit\">"
                + "Sign in</button></form><p>The token is in the Secret named by the operator chart's "
                + "<code>courseView.tokenSecret</code>.</p></main></body></html>";
        return HttpResponse.status(HttpStatus.UNAUTHORIZED).contentType(MediaType.TEXT_HTML_TYPE).body(html);
    }
}
