package dev.iotlab.api.home;

import dev.iotlab.api.home.Lessons.Lesson;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The workshop's lessons on the student's home page: {@code GET /home/lessons/NN} (01..10, and {@code evidence}
 * for workshop/EVIDENCE.md) renders the packaged lesson with this lab's addresses filled in, previous/next links;
 * {@code GET /home/lessons/NN/images/NAME} its screenshots. Open like the rest of /home (nothing secret is on a
 * lesson). Every address on a lesson page is relative, so the pages work wherever the API is reached: at /api/ of
 * the student's host (Ingress and Gateway layouts strip /api) or at the API itself.
 */
@Controller(LessonController.PATH)
@Hidden
public class LessonController {
    static final String PATH = "/home/lessons";
    /** From a lesson page (…/home/lessons/NN) back to the home page (…/). */
    static final String HOME = "../../";
    private static final Map<String, String> IMAGE_TYPES = Map.of("png", "image/png", "jpg", "image/jpeg",
            "jpeg", "image/jpeg", "gif", "image/gif", "webp", "image/webp");
    private final Lessons lessons;
    private final LessonRenderer renderer;
    private final LabHome home;

    public LessonController(Lessons lessons, LabHome home) {
        this.lessons = lessons;
        this.renderer = new LessonRenderer(lessons);
        this.home = home;
    }

    /** The lessons' index is the first lesson (its navigation leads on). */
    @Get(produces = {MediaType.TEXT_HTML, MediaType.APPLICATION_JSON})
    public HttpResponse<?> index(HttpRequest<?> request) {
        String first = lessons.modules().isEmpty() ? "" : LessonLinks.page(lessons.modules().get(0));
        return HttpResponse.redirect(java.net.URI.create(request.getPath().endsWith("/") ? first : "lessons/" + first));
    }

    // Both types declared: Micronaut answers 406 before the method runs to an Accept it cannot meet (a 404 for
    // scripts is JSON)
    @Get(value = "/{id}", produces = {MediaType.TEXT_HTML, MediaType.APPLICATION_JSON})
    public HttpResponse<?> lesson(String id, HttpRequest<?> request) {
        if (request.getPath().endsWith("/")) {
            // relative links are written for …/lessons/NN; …/lessons/NN/ would resolve them one level too deep
            return HttpResponse.redirect(java.net.URI.create("../" + id));
        }
        Optional<Lesson> found = lessons.find(id);
        if (found.isEmpty()) {
            return missing(id, request);
        }
        Lesson lesson = found.get();
        String body = renderer.render(lesson, home.lessonValues(request.getHeaders().get("X-Forwarded-Host")));
        String nav = navigation(lesson);
        String page = HomePages.fill("lesson.html", Map.of(
                "title", HomePages.escape(lesson.title()),
                "home", HOME,
                "evidence", Lessons.EVIDENCE_ID,
                "nav-top", nav.replace("{{where}}", "top"),
                "nav-bottom", nav.replace("{{where}}", "bottom"),
                "body", body,
                "source", HomePages.escape("This page is " + lesson.path() + " of the workshop (the same text on "
                        + "GitHub), with your lab's addresses filled in where this page knows them.")));
        return HomePages.html(HttpStatus.OK, page, HomePages.LESSON_POLICY);
    }

    @Get(value = "/{id}/images/{name}", produces = {MediaType.IMAGE_PNG, MediaType.IMAGE_JPEG, MediaType.IMAGE_GIF,
            "image/webp", MediaType.APPLICATION_JSON})
    public HttpResponse<?> image(String id, String name) {
        String type = IMAGE_TYPES.get(name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
        byte[] bytes = lessons.find(id).map(l -> l.images().get("images/" + name)).orElse(null);
        if (bytes == null || type == null) {
            return HttpResponse.notFound(Map.of("error", "No image " + name + " in lesson " + id + "."))
                    .contentType(MediaType.APPLICATION_JSON_TYPE);
        }
        return HttpResponse.ok(bytes).contentType(type).header("Cache-Control", "public, max-age=3600")
                .header("X-Content-Type-Options", "nosniff");
    }

    /** Previous and next lesson, labelled for screen readers; {{where}} tells the two copies apart. */
    private String navigation(Lesson lesson) {
        StringBuilder nav = new StringBuilder("<nav class=\"lesson-nav\" aria-label=\"Previous and next lesson ({{where}})\">");
        lessons.previous(lesson).ifPresent(p -> nav.append(step(p, "prev", "Previous lesson", "← ")));
        lessons.next(lesson).ifPresent(n -> nav.append(step(n, "next", "Next lesson", "")));
        return nav.append("</nav>").toString();
    }

    private static String step(Lesson to, String rel, String label, String arrow) {
        String title = HomePages.escape(to.title());
        return "<a rel=\"" + rel + "\" href=\"" + LessonLinks.page(to) + "\" aria-label=\"" + label + ": " + title
                + "\">" + arrow + title + ("next".equals(rel) ? " →" : "") + "</a>";
    }

    private HttpResponse<?> missing(String id, HttpRequest<?> request) {
        String range = lessons.modules().isEmpty() ? "none"
                : LessonLinks.page(lessons.modules().get(0)) + " to "
                  + LessonLinks.page(lessons.modules().get(lessons.modules().size() - 1));
        String message = "There is no lesson \"" + id + "\" in this workshop. Its lessons are " + range
                + " (and \"evidence\", what the checker reads); pick one below or go back to your lab's home page.";
        if (!HomeController.prefersHtml(request)) {
            return HttpResponse.notFound(Map.of("error", message)).contentType(MediaType.APPLICATION_JSON_TYPE);
        }
        String list = lessons.all().stream().map(l -> "<li><a href=\"" + LessonLinks.page(l) + "\">"
                + HomePages.escape(l.title()) + "</a></li>").collect(Collectors.joining("\n", "<ul>\n", "\n</ul>"));
        return HomePages.html(HttpStatus.NOT_FOUND, HomePages.fill("lesson-missing.html", Map.of(
                "id", HomePages.escape(id), "message", HomePages.escape(message), "list", list, "home", HOME)),
                HomePages.LESSON_POLICY);
    }
}
