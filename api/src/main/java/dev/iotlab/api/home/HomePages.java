package dev.iotlab.api.home;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTML pages of the student's home page (templates in resources/home/, one stylesheet inlined into each: the
 * pages are reached at several paths — / of the host, /api/, the API itself — so they link nothing of their own
 * but relative addresses), and the headers they are served with.
 */
final class HomePages {
    /** The home page runs its own script; lesson pages run none and load only their own images. */
    static final String HOME_POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "script-src 'self' 'unsafe-inline'; frame-ancestors 'none'";
    static final String LESSON_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    private static final Pattern SLOT = Pattern.compile("\\{\\{([a-z-]+)}}");
    private static final Map<String, String> RESOURCES = new ConcurrentHashMap<>();

    private HomePages() {
    }

    static String resource(String name) {
        return RESOURCES.computeIfAbsent(name, n -> {
            try (InputStream in = HomePages.class.getResourceAsStream("/home/" + n)) {
                if (in == null) {
                    throw new IllegalStateException("resource /home/" + n + " is missing from the API");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * A template with its {{slots}} filled in one pass (a value is never read for slots again); {{style}} is the
     * shared stylesheet. Values are HTML already: escape text with {@link #escape}.
     */
    static String fill(String template, Map<String, String> html) {
        Matcher m = SLOT.matcher(resource(template));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = "style".equals(m.group(1)) ? resource("page.css") : html.getOrDefault(m.group(1), "");
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static MutableHttpResponse<String> html(HttpStatus status, String body, String policy) {
        return HttpResponse.<String>status(status).body(body)
                .contentType(MediaType.TEXT_HTML + ";charset=utf-8")
                .header("Content-Security-Policy", policy)
                .header("X-Content-Type-Options", "nosniff");
    }
}
