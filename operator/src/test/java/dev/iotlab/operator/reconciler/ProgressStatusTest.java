package dev.iotlab.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.iotlab.operator.controlplane.ControlPlane;
import dev.iotlab.operator.controlplane.ControlPlaneTest;
import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.customresource.LabProgress;
import dev.iotlab.operator.customresource.ModuleProgress;
import dev.iotlab.operator.model.ApiComponent;
import dev.iotlab.operator.model.ProgressReport;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Progress travels lab → operator through the lab-progress ConfigMap: written by the lab API's own ServiceAccount
 * (exactly as the API does, a merge patch with its field manager), copied into status.progress, shown in the
 * Progress column, never overwritten by the operator, and no status write when nothing changed.
 */
@ControlPlaneTest
public class ProgressStatusTest {
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static ControlPlane cp;
    static KubernetesClient admin;
    static OperatorHarness operator;

    @BeforeAll
    static void start() throws Exception {
        cp = ControlPlane.shared();
        admin = cp.adminClient();
        OperatorHarness.installCrd(admin);
        operator = OperatorHarness.start(cp);
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void whatTheApiReportsBecomesStatusProgressAndTheProgressColumn() throws Exception {
        OperatorHarness.applyLab(admin, "pg-a", "student: {name: Pia}\ncourse: iot101");
        String ns = "iotlab-pg-a";
        ConfigMap empty = await().atMost(PATIENCE).until(
                () -> admin.configMaps().inNamespace(ns).withName(ProgressReport.NAME).get(), Objects::nonNull);
        assertThat(empty.getData()).isNullOrEmpty();
        await().atMost(PATIENCE).until(() -> admin.rbac().roleBindings().inNamespace(ns)
                .withName(ApiComponent.SERVICE_ACCOUNT).get() != null);
        var apiPod = await().atMost(PATIENCE).until(() -> admin.apps().deployments().inNamespace(ns).withName("api")
                .get(), Objects::nonNull).getSpec().getTemplate().getSpec();
        assertThat(apiPod.getServiceAccountName()).isEqualTo(ApiComponent.SERVICE_ACCOUNT);
        assertThat(apiPod.getAutomountServiceAccountToken()).isTrue();

        try (KubernetesClient api = cp.clientForServiceAccount(ns, ApiComponent.SERVICE_ACCOUNT)) {
            report(api, ns, 3, "2026-12-01T20:30:00Z");
            IotLab lab = await().atMost(PATIENCE).until(() -> get("pg-a"),
                    l -> l.getStatus() != null && l.getStatus().getProgress() != null);
            LabProgress progress = lab.getStatus().getProgress();
            assertThat(progress.getSummary()).isEqualTo("3/10");
            assertThat(progress.getLastActivity()).isEqualTo("2026-12-01T20:30:00Z");
            assertThat(progress.getModules()).hasSize(10);
            ModuleProgress m4 = progress.getModules().get(3);
            assertThat(m4.isDone()).isFalse();
            assertThat(m4.getMissing()).containsExactly("Register a device: POST /devices/register");
            assertThat(progressColumn("pg-a")).isEqualTo("3/10");

            // The API may keep this one object and nothing else.
            StudentIsolationTest.assertForbidden(() -> api.configMaps().inNamespace(ns).withName("emqx-config")
                    .edit(c -> c));
            StudentIsolationTest.assertForbidden(() -> api.configMaps().inNamespace(ns).resource(
                    new ConfigMapBuilder().withNewMetadata().withName("mine").endMetadata().build()).create());
            StudentIsolationTest.assertForbidden(() -> api.configMaps().inNamespace(ns).list());
            StudentIsolationTest.assertForbidden(() -> api.configMaps().inNamespace("iotlab-other")
                    .withName(ProgressReport.NAME).get());

            // A change of the lab makes the operator apply its objects again; the API's data stays.
            OperatorHarness.applyLab(admin, "pg-a", "student: {name: Pia}\ncourse: iot102");
            await().atMost(PATIENCE).until(() -> admin.configMaps().inNamespace(ns).withName(ProgressReport.NAME).get()
                    .getMetadata().getLabels().get("iotlab.dev/course"), "iot102"::equals);
            assertThat(admin.configMaps().inNamespace(ns).withName(ProgressReport.NAME).get().getData())
                    .containsKey(ProgressReport.KEY);
            await().atMost(PATIENCE).until(() -> get("pg-a").getMetadata().getGeneration()
                    .equals(get("pg-a").getStatus().getObservedGeneration()));

            // The same report again: the ConfigMap changes (resourceVersion) but the status write is skipped.
            operator.resetWrites();
            String before = get("pg-a").getMetadata().getResourceVersion();
            api.configMaps().inNamespace(ns).withName(ProgressReport.NAME).edit(c -> {
                c.getMetadata().setAnnotations(Map.of("touched", "yes"));
                return c;
            });
            report(api, ns, 4, "2026-12-01T20:35:00Z");
            await().atMost(PATIENCE).until(() -> get("pg-a").getStatus().getProgress().getSummary(), "4/10"::equals);
            assertThat(get("pg-a").getStatus().getProgress().getModules().get(3).isDone()).isTrue();
            // Accepted writes: on a loaded machine the operator's cache may lag its own last status write, and
            // the API server refuses the stale one (409) before JOSDK retries it; that refusal changed nothing.
            assertThat(operator.acceptedWriteLog()).as("the operator's writes after two ConfigMap changes (all write "
                    + "requests: %s)", operator.writeLog())
                    .containsExactly("PATCH /apis/iotlab.dev/v1alpha1/iotlabs/pg-a/status");
            assertThat(get("pg-a").getMetadata().getResourceVersion()).isNotEqualTo(before);
        }
    }

    @Test
    void anUnreadableReportShowsNoProgressInsteadOfFailingTheLab() {
        OperatorHarness.applyLab(admin, "pg-b", "student: {name: Quinn}");
        String ns = "iotlab-pg-b";
        await().atMost(PATIENCE).until(() -> admin.configMaps().inNamespace(ns).withName(ProgressReport.NAME).get(),
                Objects::nonNull);
        try (KubernetesClient api = cp.clientForServiceAccount(ns, ApiComponent.SERVICE_ACCOUNT)) {
            patch(api, ns, "{\"modules\": \"not a list\"}");
            await().atMost(PATIENCE).until(() -> get("pg-b").getStatus() != null
                    && get("pg-b").getStatus().getPhase() != null);
            assertThat(get("pg-b").getStatus().getProgress()).isNull();
            report(api, ns, 1, null);
            await().atMost(PATIENCE).until(() -> Optional.ofNullable(get("pg-b").getStatus().getProgress())
                    .map(LabProgress::getSummary).orElse(""), "1/10"::equals);
        }
    }

    /** What the lab API sends: module 1..done are done, the others miss one thing. */
    public static void report(KubernetesClient api, String ns, int done, String lastActivity) {
        StringBuilder json = new StringBuilder("{\"modules\":[");
        for (int m = 1; m <= 10; m++) {
            json.append(m > 1 ? "," : "").append("{\"module\":").append(m).append(",\"title\":\"Module ").append(m)
                    .append("\",\"done\":").append(m <= done).append(",\"missing\":")
                    .append(m <= done ? "[]" : m == 4 ? "[\"Register a device: POST /devices/register\"]"
                            : "[\"something\"]")
                    .append('}');
        }
        json.append("],\"summary\":\"").append(done).append("/10\"");
        if (lastActivity != null) {
            json.append(",\"lastActivity\":\"").append(lastActivity).append('"');
        }
        patch(api, ns, json.append('}').toString());
    }

    public static void patch(KubernetesClient api, String ns, String json) {
        ConfigMap data = new ConfigMapBuilder().withData(Map.of(ProgressReport.KEY, json)).build();
        api.configMaps().inNamespace(ns).withName(ProgressReport.NAME)
                .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).withFieldManager("iotlab-api")
                        .build(), data);
    }

    static IotLab get(String name) {
        return admin.resources(IotLab.class).withName(name).get();
    }

    /** The Progress cell of `kubectl get iotlabs`, from the server-side Table kubectl itself asks for. */
    @SuppressWarnings("unchecked")
    static String progressColumn(String lab) throws Exception {
        var http = admin.getHttpClient();
        var r = http.sendAsync(http.newHttpRequestBuilder()
                .uri(cp.apiServerUrl() + "/apis/iotlab.dev/v1alpha1/iotlabs/" + lab)
                .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io").build(), String.class)
                .get(30, java.util.concurrent.TimeUnit.SECONDS);
        Map<String, Object> table = new com.fasterxml.jackson.databind.ObjectMapper().readValue(r.body(), Map.class);
        List<Map<String, Object>> columns = (List<Map<String, Object>>) table.get("columnDefinitions");
        List<Object> cells = (List<Object>) ((List<Map<String, Object>>) table.get("rows")).get(0).get("cells");
        for (int i = 0; i < columns.size(); i++) {
            if ("Progress".equals(columns.get(i).get("name"))) {
                return String.valueOf(cells.get(i));
            }
        }
        throw new AssertionError("no Progress column in " + columns);
    }

    static void assertStatus(Runnable call, int code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(KubernetesClientException.class,
                e -> assertThat(e.getCode()).isEqualTo(code));
    }
}
