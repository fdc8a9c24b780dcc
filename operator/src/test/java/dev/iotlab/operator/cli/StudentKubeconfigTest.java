package dev.iotlab.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotlab.operator.controlplane.ControlPlane;
import dev.iotlab.operator.controlplane.ControlPlaneTest;
import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.reconciler.OperatorHarness;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * handout --kubeconfig on the real control plane: the student's kubeconfig may port-forward, read logs, restart
 * pods and read its own namespace, is refused everywhere else, carries the lab's expiry (a short one here: the
 * apiserver's minimum TokenRequest is 10 minutes, fixed in its validation, so the test reads the token's exp rather
 * than waiting), and stops working when the lab is deleted.
 */
@ControlPlaneTest
class StudentKubeconfigTest {
    static final Duration PATIENCE = Duration.ofSeconds(90);
    static ControlPlane cp;
    static KubernetesClient admin;
    static OperatorHarness operator;
    static Instant expiresAt;

    @BeforeAll
    static void labs() throws Exception {
        cp = ControlPlane.shared();
        admin = cp.adminClient();
        OperatorHarness.installCrd(admin);
        operator = OperatorHarness.start(cp);
        expiresAt = Instant.now().plus(Duration.ofMinutes(11)).truncatedTo(ChronoUnit.SECONDS);
        OperatorHarness.applyLab(admin, "kc-a", "student: {name: Kai}\nexpiresAt: \"" + expiresAt + "\"");
        OperatorHarness.applyLab(admin, "kc-b", "student: {name: Lou}");
        for (String ns : new String[] {"iotlab-kc-a", "iotlab-kc-b"}) {
            await().atMost(PATIENCE).until(() -> admin.rbac().roleBindings().inNamespace(ns).withName("student").get()
                    != null && !admin.pods().inNamespace(ns).list().getItems().isEmpty());
        }
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void theStudentsKubeconfigWorksInTheirNamespaceOnlyUntilTheLabGoes() throws Exception {
        Path dir = Files.createTempDirectory("handouts");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = HandoutCommand.run(new String[] {"--lab", "kc-a", "--out", dir.toString(), "--kubeconfig"},
                new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> new KubernetesClientBuilder().withConfig(cp.adminConfig()).build());
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
        java.util.regex.Matcher valid = java.util.regex.Pattern.compile("kc-a\\.kubeconfig \\(valid until ([^)]+)\\)")
                .matcher(out.toString(StandardCharsets.UTF_8));
        assertThat(valid.find()).as(out.toString(StandardCharsets.UTF_8)).isTrue();
        assertThat(Duration.between(expiresAt, Instant.parse(valid.group(1))).abs()).isLessThanOrEqualTo(Duration.ofSeconds(2));
        String kubeconfig = Files.readString(dir.resolve("kc-a.kubeconfig"));
        assertThat(kubeconfig).containsPattern("namespace: \"?iotlab-kc-a\"?").doesNotContain(cp.adminConfig().getOauthToken());

        String token = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(kubeconfig,
                io.fabric8.kubernetes.api.model.Config.class).getUsers().get(0).getUser().getToken();
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(claims.get("exp").asLong()).as("the token expires with the lab")
                .isBetween(expiresAt.getEpochSecond() - 2, expiresAt.getEpochSecond() + 2);
        assertThat(claims.get("sub").asText()).isEqualTo("system:serviceaccount:iotlab-kc-a:student");

        try (KubernetesClient student = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig))
                .build()) {
            assertThat(student.pods().list().getItems()).isNotEmpty(); // the context's namespace
            assertThat(student.services().inNamespace("iotlab-kc-a").withName("emqx").get()).isNotNull();
            for (String[] access : new String[][] {{"create", "pods", "portforward"}, {"get", "pods", "log"},
                    {"delete", "pods", ""}, {"list", "pods", ""}}) {
                assertThat(allowed(student, "iotlab-kc-a", access)).as(String.join(" ", access) + " in own lab").isTrue();
                assertThat(allowed(student, "iotlab-kc-b", access)).as(String.join(" ", access) + " in another lab")
                        .isFalse();
            }
            // The real port-forward request: authorised in their lab (no kubelet here to answer the upgrade)...
            String own = student.pods().inNamespace("iotlab-kc-a").list().getItems().get(0).getMetadata().getName();
            assertThat(portForward(student, "iotlab-kc-a", own)).isNotEqualTo(403);
            // ...and refused in someone else's.
            String other = admin.pods().inNamespace("iotlab-kc-b").list().getItems().get(0).getMetadata().getName();
            assertThat(portForward(student, "iotlab-kc-b", other)).isEqualTo(403);
            assertForbidden(() -> student.pods().inNamespace("iotlab-kc-b").list());
            assertForbidden(() -> student.namespaces().list());
            assertForbidden(() -> student.secrets().inNamespace("iotlab-kc-a").list());
            assertForbidden(() -> student.resources(IotLab.class).list());
            // Restarting a pod of their lab is allowed.
            student.pods().inNamespace("iotlab-kc-a").withName(own).delete();

            // The apiserver's own verdict on the token (TokenReview): valid now, refused once the lab is gone.
            assertThat(authenticated(token)).isTrue();
            admin.resources(IotLab.class).withName("kc-a").delete();
            await().atMost(PATIENCE).until(() -> !authenticated(token));
        }
    }

    @Test
    void theLifetimeIsTheLabsExpiryOrACourseAndNeverBelowTheApiserversMinimum() {
        Instant now = Instant.parse("2027-01-01T10:00:00Z");
        assertThat(StudentKubeconfig.lifetime(lab("expiresAt: \"2027-01-31T18:00:00Z\""), now))
                .isEqualTo(Duration.between(now, Instant.parse("2027-01-31T18:00:00Z")));
        assertThat(StudentKubeconfig.lifetime(lab(""), now)).isEqualTo(StudentKubeconfig.COURSE_LENGTH);
        assertThat(StudentKubeconfig.lifetime(lab("expiresAt: \"2027-01-01T10:01:00Z\""), now))
                .isEqualTo(StudentKubeconfig.MINIMUM);
    }

    @Test
    void kubeconfigsNeedTheClusterAndAnOutputDirectory() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = HandoutCommand.run(new String[] {"--lab", "kc-b", "--kubeconfig"}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> new KubernetesClientBuilder().withConfig(cp.adminConfig()).build());
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--kubeconfig needs --out");
    }

    static dev.iotlab.operator.model.Lab lab(String extra) {
        IotLab resource = dev.iotlab.operator.model.TestLabs.toApply("x", "student: {name: X}\n" + extra);
        return new dev.iotlab.operator.model.Lab(resource, dev.iotlab.operator.model.OperatorSettings.defaults(),
                Instant.parse("2027-01-01T10:00:00Z"));
    }

    static boolean authenticated(String token) {
        var review = new io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder().withNewSpec()
                .withToken(token).endSpec().build();
        return Boolean.TRUE.equals(admin.authentication().v1().tokenReviews().create(review).getStatus()
                .getAuthenticated());
    }

    static boolean allowed(KubernetesClient client, String ns, String[] access) {
        SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes()
                .withNamespace(ns).withVerb(access[0]).withResource(access[1]).withSubresource(access[2])
                .endResourceAttributes().endSpec().build();
        return client.authorization().v1().selfSubjectAccessReview().create(review).getStatus().getAllowed();
    }

    static int portForward(KubernetesClient client, String ns, String pod) throws Exception {
        var http = client.getHttpClient();
        var request = http.newHttpRequestBuilder()
                .uri(client.getConfiguration().getMasterUrl().replaceAll("/+$", "") + "/api/v1/namespaces/" + ns
                        + "/pods/" + pod + "/portforward?ports=1883")
                .post("text/plain", new byte[0]).build();
        return http.sendAsync(request, String.class).get(30, TimeUnit.SECONDS).code();
    }

    static void assertForbidden(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(KubernetesClientException.class,
                e -> assertThat(e.getCode()).isEqualTo(403));
    }
}
