package dev.iotlab.operator.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotlab.operator.controlplane.ControlPlane;
import dev.iotlab.operator.controlplane.ControlPlaneTest;
import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.customresource.Phase;
import dev.iotlab.operator.model.ApiComponent;
import dev.iotlab.operator.reconciler.OperatorHarness;
import dev.iotlab.operator.reconciler.ProgressStatusTest;
import dev.iotlab.testsupport.Browser;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The course view against the real control plane: four labs in two courses, in different phases and with different
 * progress (reported through the lab-progress ConfigMap exactly as the lab API does), read as JSON, as CSV, and in
 * headless Chromium as an instructor would (rows, cells, the stuck marker, keyboard); screenshot in target/.
 */
@ControlPlaneTest
class CourseViewTest {
    static final Duration PATIENCE = Duration.ofSeconds(90);
    static final ObjectMapper JSON = new ObjectMapper();
    static ControlPlane cp;
    static KubernetesClient admin;
    static OperatorHarness operator;
    static ApplicationContext app;
    static String base;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void course() throws Exception {
        cp = ControlPlane.shared();
        admin = cp.adminClient();
        OperatorHarness.installCrd(admin);
        operator = OperatorHarness.start(cp);
        OperatorHarness.applyLab(admin, "cv-ana", "student: {name: Ana Active}\ncourse: cv101\n"
                + "access: {ingress: {host: ana.labs.example.edu}}");
        OperatorHarness.applyLab(admin, "cv-ben", "student: {name: Ben Stuck}\ncourse: cv101");
        OperatorHarness.applyLab(admin, "cv-cem", "student: {name: Cem Starting}\ncourse: cv101");
        OperatorHarness.applyLab(admin, "cv-dan", "student: {name: Dan Other}\ncourse: cv202");
        for (String lab : List.of("cv-ana", "cv-ben")) {
            markPodsReady("iotlab-" + lab);
            await().atMost(PATIENCE).until(() -> phase(lab) == Phase.Ready);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        report("cv-ana", 3, now.minus(Duration.ofMinutes(5)));
        report("cv-ben", 1, now.minus(Duration.ofMinutes(45)));
        await().atMost(PATIENCE).until(() -> progress("cv-ana") && progress("cv-ben"));
        app = startApp(Map.of());
        base = "http://127.0.0.1:" + app.getBean(EmbeddedServer.class).getPort();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void theJsonApiListsCoursesAndSummarisesOneWithoutACredential() throws Exception {
        JsonNode courses = JSON.readTree(get("/api/v1/courses", null).body()).get("courses");
        Map<String, Integer> labs = new HashMap<>();
        courses.forEach(c -> labs.put(c.get("course").asText(), c.get("labs").asInt()));
        assertThat(labs).containsEntry("cv101", 3).containsEntry("cv202", 1);

        HttpResponse<String> r = get("/api/v1/courses/cv101", null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode report = JSON.readTree(r.body());
        assertThat(report.get("labs")).extracting(l -> l.get("lab").asText()).containsExactly("cv-ana", "cv-ben", "cv-cem");
        assertThat(Instant.parse(report.get("generatedAt").asText())).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));
        JsonNode summary = report.get("summary");
        assertThat(summary.get("atModule").get("4").asInt()).isEqualTo(1);  // Ana: 1-3 done
        assertThat(summary.get("atModule").get("2").asInt()).isEqualTo(1);  // Ben: 1 done
        assertThat(summary.get("atModule").get("unknown").asInt()).isEqualTo(1); // Cem: no report yet
        assertThat(summary.get("stuck")).extracting(JsonNode::asText).containsExactly("cv-ben");
        assertThat(summary.get("phases").get("Ready").asInt()).isEqualTo(2);
        JsonNode ana = report.get("labs").get(0);
        assertThat(ana.get("progress").asText()).isEqualTo("3/10");
        assertThat(ana.get("links")).extracting(l -> l.get("url").asText())
                .contains("http://ana.labs.example.edu/grafana/");
        assertThat(ana.get("components")).hasSize(6).allMatch(c -> c.get("ready").asBoolean());
        for (String lab : List.of("cv-ana", "cv-ben", "cv-cem")) {
            Secret secret = admin.secrets().inNamespace("iotlab-" + lab).withName("lab-credentials").get();
            secret.getData().forEach((key, value) -> {
                String plain = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                if (plain.length() >= 8) {
                    assertThat(r.body()).as("course view must not contain " + key).doesNotContain(plain);
                }
            });
        }
        HttpResponse<String> unknown = get("/api/v1/courses/nope", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("GET /api/v1/courses");
    }

    @Test
    void theCsvExportHasOneLinePerLabAndAColumnPerModule() throws Exception {
        HttpResponse<String> r = get("/api/v1/courses/cv101/grades.csv", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        List<String> lines = r.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("lab,student,phase,progress,stuck,last_activity,module01,module02,module03,"
                + "module04,module05,module06,module07,module08,module09,module10");
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).startsWith("cv-ana,Ana Active,Ready,3/10,no,").endsWith(",1,1,1,0,0,0,0,0,0,0");
        assertThat(lines.get(2)).startsWith("cv-ben,Ben Stuck,Ready,1/10,yes,");
        assertThat(lines.get(3)).startsWith("cv-cem,Cem Starting,Provisioning,,no,,");
    }

    @Test
    void anInstructorReadsTheGridInChromium() throws Exception {
        String missing = Browser.missing();
        assumeThat(missing).as(missing).isNull();
        Path target = Path.of("target");
        Path screenshot = target.resolve("course-view.png").toAbsolutePath();
        List<String> lines = Browser.run(Path.of("src/test/node/course-view-check.js").toAbsolutePath(),
                Map.of("URL", base + "/courses/cv101", "SCREENSHOT", screenshot.toString(), "OPEN_LAB", "cv-ben",
                        "OPEN_MODULE", "4"), target.resolve("course-view-check.out").toAbsolutePath(), 120);
        Map<String, JsonNode> steps = new HashMap<>();
        for (String line : lines) {
            JsonNode step = JSON.readTree(line);
            steps.put(step.get("step").asText(), step);
        }
        JsonNode rows = steps.get("rows").get("rows");
        assertThat(rows).extracting(r -> r.get("student").asText()).containsExactly("Ana Active", "Ben Stuck", "Cem Starting");
        assertThat(rows).extracting(r -> r.get("phase").asText()).containsExactly("Ready", "Ready", "Provisioning");
        assertThat(rows).extracting(r -> r.get("progress").asText()).containsExactly("3/10", "1/10", "–");
        JsonNode ana = rows.get(0);
        List<Boolean> anaDone = new ArrayList<>();
        ana.get("modules").forEach(m -> anaDone.add(m.get("done").asBoolean()));
        assertThat(anaDone).containsExactly(true, true, true, false, false, false, false, false, false, false);
        assertThat(ana.get("modules").get(3).get("title").asText()).isEqualTo("Register a device: POST /devices/register");
        assertThat(ana.get("stuck").isNull()).isTrue();
        assertThat(ana.get("activity").asText()).matches("[5-7] min ago");
        assertThat(ana.get("components")).extracting(JsonNode::asText).contains("grafana ready", "api ready");
        assertThat(ana.get("links")).extracting(l -> l.get("text").asText()).contains("grafana", "node-red", "api");
        assertThat(rows.get(1).get("stuck").asText()).startsWith("⚠ stuck: no activity for 4");
        assertThat(rows.get(2).get("stuck").isNull()).isTrue();
        assertThat(rows.get(2).get("components")).extracting(JsonNode::asText).contains("api not ready");

        JsonNode summary = steps.get("summary");
        assertThat(summary.get("atModule")).extracting(JsonNode::asText)
                .contains("Module 2: 1", "Module 4: 1", "no progress reported: 1");
        assertThat(summary.get("stuck").asText()).isEqualTo("cv-ben");
        assertThat(summary.get("csv").asText()).isEqualTo("/api/v1/courses/cv101/grades.csv");
        assertThat(steps.get("clicked").get("details").asText()).contains("Ben Stuck · module 4")
                .contains("not done").contains("Register a device: POST /devices/register");
        assertThat(steps.get("clicked").get("expanded").asText()).isEqualTo("true");
        assertThat(steps.get("closed").get("open").asBoolean()).isFalse();
        assertThat(steps.get("keyboard").get("focused").asText()).isEqualTo("Ana Active, module 1 Module 1: done");
        assertThat(steps.get("keyboard").get("details").asText()).contains("Ana Active · module 1");
        assertThat(steps.get("labels").get("unlabelled")).isEmpty();
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }

    @Test
    void anExposedViewWantsItsTokenFromScriptsAndBrowsers() throws Exception {
        try (ApplicationContext guarded = startApp(Map.of("iotlab.course-view.token", "course-secret-123"))) {
            String url = "http://127.0.0.1:" + guarded.getBean(EmbeddedServer.class).getPort();
            HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(url + "/api/v1/courses/cv101")));
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).contains("Bearer").doesNotContain("cv-ana");
            assertThat(send(HttpRequest.newBuilder(URI.create(url + "/api/v1/courses/cv101"))
                    .header("Authorization", "Bearer wrong")).statusCode()).isEqualTo(401);
            assertThat(send(HttpRequest.newBuilder(URI.create(url + "/api/v1/courses/cv101"))
                    .header("Authorization", "Bearer course-secret-123")).body()).contains("cv-ana");
            HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(url + "/courses/cv101")));
            assertThat(page.statusCode()).isEqualTo(401);
            assertThat(page.body()).contains("<label for=\"token\">").doesNotContain("cv-ana");
            HttpResponse<String> wrong = send(form(url, "token=nope&next=/courses/cv101"));
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("not the course view token");
            HttpResponse<String> signedIn = send(form(url, "token=course-secret-123&next=/courses/cv101"));
            assertThat(signedIn.statusCode()).isEqualTo(303);
            assertThat(signedIn.headers().firstValue("Location")).contains("/courses/cv101");
            String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");
            assertThat(send(HttpRequest.newBuilder(URI.create(url + "/api/v1/courses/cv101"))
                    .header("Cookie", cookie.split(";")[0])).statusCode()).isEqualTo(200);
        }
    }

    // --- helpers ---

    static HttpRequest.Builder form(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url + "/courses/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The operator's HTTP server as in the cluster, without starting a second operator. */
    static ApplicationContext startApp(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(Map.of("micronaut.server.port", -1, "micronaut.server.host",
                "127.0.0.1", "iotlab.start-operator", false, "iotlab.leader-election", false));
        props.putAll(extra);
        String previous = System.getProperty("kubeconfig");
        System.setProperty("kubeconfig", cp.logDir().resolve("admin.kubeconfig").toString());
        try {
            ApplicationContext ctx = ApplicationContext.run(props);
            ctx.getBean(KubernetesClient.class); // made now, while the kubeconfig property points at the control plane
            ctx.getBean(EmbeddedServer.class).start();
            return ctx;
        } finally {
            if (previous == null) {
                System.clearProperty("kubeconfig");
            } else {
                System.setProperty("kubeconfig", previous);
            }
        }
    }

    static void report(String lab, int done, Instant lastActivity) {
        String ns = "iotlab-" + lab;
        try (KubernetesClient api = cp.clientForServiceAccount(ns, ApiComponent.SERVICE_ACCOUNT)) {
            ProgressStatusTest.report(api, ns, done, lastActivity.toString());
        }
    }

    static Phase phase(String lab) {
        IotLab l = admin.resources(IotLab.class).withName(lab).get();
        return l == null || l.getStatus() == null ? null : l.getStatus().getPhase();
    }

    static boolean progress(String lab) {
        IotLab l = admin.resources(IotLab.class).withName(lab).get();
        return l.getStatus() != null && l.getStatus().getProgress() != null;
    }

    /** Stands in for the kubelet: the lab's six Pods become Running and Ready. */
    static void markPodsReady(String ns) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            List<Pod> pods = admin.pods().inNamespace(ns).list().getItems();
            assertThat(pods).hasSizeGreaterThanOrEqualTo(6);
            String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            for (Pod pod : pods) {
                admin.pods().inNamespace(ns).withName(pod.getMetadata().getName()).editStatus(p -> {
                    p.getStatus().setPhase("Running");
                    p.getStatus().setConditions(List.of(new PodCondition(now, null, now, null, null, "True", "Ready"),
                            new PodCondition(now, null, now, null, null, "True", "ContainersReady")));
                    return p;
                });
            }
        });
    }
}
