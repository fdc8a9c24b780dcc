package dev.iotlab.api.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotlab.api.support.HostRoutes;
import dev.iotlab.api.support.Http;
import dev.iotlab.api.support.RealInfluxTest;
import dev.iotlab.testsupport.Browser;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The workshop's lessons served by the API beside the student's home page, against the real broker and InfluxDB:
 * followed from the home page in Chromium through the host's path layout (exactly / and /api stripped, as the
 * operator routes Ingress and Gateway alike), with this lab's host filled in, tables, screenshots, previous/next by
 * keyboard, no broken link; and straight at the API (no prefix) for scripts and the 404.
 */
class LessonPagesTest extends RealInfluxTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String HOST = "alice.labs.example.edu";
    static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    HostRoutes host;

    @Override
    protected Map<String, Object> apiProperties(Map<String, Object> defaults) {
        Map<String, Object> p = new HashMap<>(defaults);
        p.put("iotlab.lab.endpoints", "[{\"name\":\"mqtt\",\"internal\":\"mqtt://emqx.iotlab-alice.svc:1883\"},"
                + "{\"name\":\"mqtt-websocket\",\"internal\":\"ws://emqx:8083/mqtt\",\"external\":\"wss://" + HOST + "/mqtt\"},"
                + "{\"name\":\"api\",\"internal\":\"http://api:5000\",\"external\":\"https://" + HOST + "/api\"},"
                + "{\"name\":\"grafana\",\"internal\":\"http://127.0.0.1:9/grafana/\",\"external\":\"https://" + HOST + "/grafana/\"},"
                + "{\"name\":\"node-red\",\"internal\":\"http://127.0.0.1:9/node-red/\",\"external\":\"https://" + HOST + "/node-red/\"}]");
        return p;
    }

    HostRoutes host() {
        if (host == null) {
            host = new HostRoutes(lab.url());
        }
        return host;
    }

    @AfterAll
    void closeHost() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    void aStudentFollowsTheLessonsFromTheHomePageInChromium() throws Exception {
        String missing = Browser.missing();
        assumeThat(missing).as(missing).isNull();
        Path target = Path.of("target").toAbsolutePath();
        List<String> lines = Browser.run(Path.of("src/test/node/lesson-pages-check.js").toAbsolutePath(), Map.of(
                "URL", host().url() + "/", "SHOT_DIR", target.toString()), target.resolve("lesson-pages-check.out"), 180);
        Map<String, JsonNode> steps = new HashMap<>();
        for (String line : lines) {
            JsonNode step = JSON.readTree(line);
            steps.put(step.get("step").asText(), step);
        }
        String base = host().url() + "/api/home/lessons/";

        JsonNode followed = steps.get("followed");
        assertThat(followed.get("url").asText()).as("module 1's link on the home page behind the host's /")
                .isEqualTo(base + "01");
        assertThat(followed.get("title").asText()).startsWith("Module 1 — Introduction");
        assertThat(followed.get("headings")).extracting(h -> h.get("level").asText() + " " + h.get("text").asText())
                .startsWith("H1 Module 1 — Introduction: your lab and your environment").contains("H2 Objectives");
        assertThat(followed.get("headings")).allSatisfy(h -> assertThat(h.get("id").asText()).isNotEmpty());
        assertThat(followed.get("text").asText()).as("the lab's host in place of the placeholder")
                .contains("wss://" + HOST + "/mqtt").doesNotContain("<your-host>")
                .contains("GRAFANA_URL (your lab: https://" + HOST + "/grafana/)");
        assertThat(followed.get("tables")).as("Markdown tables rendered as tables").isNotEmpty()
                .anySatisfy(t -> {
                    assertThat(t.get("headers").size()).isGreaterThan(1);
                    assertThat(t.get("rows").asInt()).isGreaterThan(2);
                });

        JsonNode keyboard = steps.get("keyboard");
        assertThat(keyboard.get("skip").asText()).isEqualTo("Skip to the lesson");
        assertThat(keyboard.get("skipTarget").asText()).isEqualTo("#lesson lesson");
        assertThat(keyboard.get("nextLabel").asText()).isEqualTo("Next lesson: Module 2 — MQTT basics");
        assertThat(keyboard.get("afterNext").asText()).isEqualTo(base + "02");
        assertThat(keyboard.get("prevLabel").asText()).startsWith("Previous lesson: Module 1 — Introduction");
        assertThat(keyboard.get("afterPrev").asText()).isEqualTo(base + "01");

        JsonNode images = steps.get("images");
        assertThat(images.get("images")).as("module 5's screenshots").hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(i -> {
                    assertThat(i.get("src").asText()).startsWith("05/images/");
                    assertThat(i.get("naturalWidth").asInt()).as(i.get("src").asText()).isGreaterThan(0);
                });

        JsonNode links = steps.get("links");
        assertThat(links.get("pages")).extracting(JsonNode::asText).as("every lesson reached through the links")
                .contains(base + "01", base + "05", base + "10", base + "evidence");
        assertThat(links.get("broken")).as("broken links on the lesson pages").isEmpty();
        assertThat(links.get("unlabelled")).isEmpty();
        assertThat(links.get("consoleErrors")).as("e.g. a blocked image or style").isEmpty();
        assertThat(links.get("checked").asInt()).isGreaterThan(50);

        JsonNode unknown = steps.get("missing");
        assertThat(unknown.get("status").asInt()).isEqualTo(404);
        assertThat(unknown.get("text").asText()).contains("There is no lesson \"11\"").contains("01 to 10");
        assertThat(unknown.get("links")).extracting(JsonNode::asText).contains("01", "10", "../../");
        assertThat(Files.size(target.resolve("lesson-05.png"))).isGreaterThan(50_000);
    }

    @Test
    void everyLinkOfEveryLessonAnswersStraightAtTheApiToo() throws Exception {
        Lessons lessons = lab.context().getBean(Lessons.class);
        assertThat(lessons.modules()).hasSize(10);
        Set<String> checked = new LinkedHashSet<>();
        List<String> broken = new ArrayList<>();
        Pattern address = Pattern.compile("(?:href|src)=\"([^\"#]*)(#[^\"]*)?\"");
        for (Lessons.Lesson lesson : lessons.all()) {
            URI page = URI.create(lab.url() + "/home/lessons/" + lesson.id());
            HttpResponse<String> r = get(page);
            assertThat(r.statusCode()).as(page.toString()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                    assertThat(csp).contains("default-src 'none'").doesNotContain("script-src"));
            Matcher m = address.matcher(r.body());
            while (m.find()) {
                if (m.group(1).isEmpty()) {
                    continue; // #anchor of the page itself: the Chromium test checks those exist
                }
                URI to = page.resolve(m.group(1).replace("&amp;", "&"));
                if (to.getScheme().startsWith("http") && to.getAuthority().equals(page.getAuthority())
                        && checked.add(to.toString())) {
                    int status = get(to).statusCode();
                    if (status != 200) {
                        broken.add(lesson.id() + " -> " + to + ": " + status);
                    }
                }
            }
        }
        assertThat(broken).isEmpty();
        assertThat(checked).anyMatch(u -> u.endsWith("/home/lessons/05/images/editor.png"))
                .anyMatch(u -> u.endsWith("/home/lessons/evidence")).contains(lab.url() + "/");
    }

    @Test
    void anUnknownLessonIsA404ThatSaysWhatExists() throws Exception {
        HttpResponse<String> page = get(URI.create(lab.url() + "/home/lessons/11"));
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("There is no lesson &quot;11&quot;").contains("<a href=\"01\">");
        Http.Response script = lab.http.withToken(null).get("/home/lessons/nope");
        assertThat(script.status()).isEqualTo(404);
        assertThat(script.error()).contains("There is no lesson \"nope\"").contains("01 to 10");
        assertThat(lab.http.withToken(null).get("/home/lessons/05/images/missing.png").status()).isEqualTo(404);
        HttpResponse<String> escaped = get(URI.create(lab.url() + "/home/lessons/%3Cscript%3E"));
        assertThat(escaped.body()).doesNotContain("<script>").contains("&lt;script&gt;");
    }

    @Test
    void aPageAndAnImageAnswerAnyAcceptABrowserOrCurlSends() throws Exception {
        for (String accept : List.of("text/html", "*/*", BROWSER_ACCEPT)) {
            HttpResponse<String> page = Http.client().send(HttpRequest.newBuilder(URI.create(lab.url()
                    + "/home/lessons/02")).header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as(accept).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("text/html"));
        }
        for (String accept : List.of("image/png", "image/avif,image/webp,image/apng,image/*,*/*;q=0.8")) {
            HttpResponse<byte[]> image = Http.client().send(HttpRequest.newBuilder(URI.create(lab.url()
                    + "/home/lessons/05/images/dashboard.png")).header("Accept", accept).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(image.statusCode()).as(accept).isEqualTo(200);
            assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(image.body()).startsWith(0x89, 'P', 'N', 'G');
        }
    }

    @Test
    void trailingSlashesAndTheIndexLeadToTheLessonPages() throws Exception {
        HttpResponse<String> slash = get(URI.create(lab.url() + "/home/lessons/03/"));
        assertThat(slash.statusCode()).isBetween(301, 308);
        assertThat(URI.create(lab.url() + "/home/lessons/03/").resolve(slash.headers().firstValue("Location")
                .orElseThrow()).toString()).isEqualTo(lab.url() + "/home/lessons/03");
        for (String index : List.of("/home/lessons", "/home/lessons/")) {
            HttpResponse<String> r = get(URI.create(lab.url() + index));
            assertThat(URI.create(lab.url() + index).resolve(r.headers().firstValue("Location").orElseThrow())
                    .toString()).as(index).isEqualTo(lab.url() + "/home/lessons/01");
        }
    }

    HttpResponse<String> get(URI uri) throws Exception {
        return Http.client().send(HttpRequest.newBuilder(uri).header("Accept", BROWSER_ACCEPT).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
