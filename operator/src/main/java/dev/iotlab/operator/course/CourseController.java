package dev.iotlab.operator.course;

import dev.iotlab.operator.customresource.IotLab;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The course view on the operator's HTTP port: a page per course and the same data as JSON and CSV. Read from the
 * API server (IotLab status only), so every replica serves it, leader or not. Never a credential.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class CourseController {
    private final KubernetesClient client;
    private final CourseViewSettings settings;
    private final Clock clock;

    public CourseController(KubernetesClient client, CourseViewSettings settings, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
    }

    @Get(value = "/api/v1/courses", produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> courses() {
        List<Map<String, Object>> courses = CourseReport.courses(labs()).entrySet().stream()
                .map(e -> Map.<String, Object>of("course", e.getKey(), "labs", e.getValue(),
                        "url", "/api/v1/courses/" + e.getKey(), "page", "/courses/" + e.getKey()))
                .toList();
        return Map.of("courses", courses);
    }

    @Get(value = "/api/v1/courses/{course}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> course(@PathVariable String course) {
        CourseReport report = report(course);
        return report.labs().isEmpty() ? notFound(course) : HttpResponse.ok(report);
    }

    @Get(value = "/api/v1/courses/{course}/grades.csv", produces = "text/csv; charset=utf-8")
    public HttpResponse<?> csv(@PathVariable String course) {
        CourseReport report = report(course);
        if (report.labs().isEmpty()) {
            return notFound(course);
        }
        return HttpResponse.ok(report.csv()).contentType("text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + course.replaceAll("[^A-Za-z0-9._-]", "_")
                        + "-progress.csv\"");
    }

    @Get(value = "/courses", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> coursesPage() {
        return page("courses.html");
    }

    @Get(value = "/courses/{course}", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> coursePage(@PathVariable String course) {
        return page("course.html");
    }

    private CourseReport report(String course) {
        return CourseReport.of(course, labs(), clock.instant(), settings.getStuckAfter());
    }

    /** From the API server's watch cache (resourceVersion 0): cheap enough for a page an instructor refreshes. */
    private List<IotLab> labs() {
        return client.resources(IotLab.class).list(new ListOptionsBuilder().withResourceVersion("0").build())
                .getItems();
    }

    private static HttpResponse<?> notFound(String course) {
        return HttpResponse.notFound(Map.of("error", "no IotLab has spec.course \"" + course
                + "\"; GET /api/v1/courses lists the courses"));
    }

    static HttpResponse<String> page(String name) {
        try (InputStream in = CourseController.class.getResourceAsStream("/course-view/" + name)) {
            if (in == null) {
                throw new IllegalStateException("course-view/" + name + " is not on the classpath");
            }
            return HttpResponse.ok(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8")
                    .header("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                            + "script-src 'self' 'unsafe-inline'; frame-ancestors 'none'")
                    .header("X-Content-Type-Options", "nosniff");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
