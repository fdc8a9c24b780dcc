package dev.iotlab.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotlab.operator.config.OperatorConfig;
import dev.iotlab.operator.model.OperatorSettings;
import io.micronaut.context.ApplicationContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The optional image pre-puller of the operator chart (prePull.enabled), rendered by real Helm. */
class PrePullChartTest {
    static final String ENABLED = "prePull: {enabled: true}\n";

    static List<Map<String, Object>> render(String values) {
        return Charts.template(Charts.OPERATOR, "iotlab-operator", "iotlab-system", values);
    }

    static Map<String, Object> daemonSet(List<Map<String, Object>> docs) {
        List<Map<String, Object>> sets = Charts.ofKind(docs, "DaemonSet");
        assertThat(sets).as("one pre-pull DaemonSet").hasSize(1);
        return sets.get(0);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> containers(Map<String, Object> daemonSet, String kind) {
        return (List<Map<String, Object>>) Charts.map(daemonSet, "spec", "template", "spec").get(kind);
    }

    /** What the operator Deployment of the same rendering will use as each component's default image. */
    @SuppressWarnings("unchecked")
    static Map<String, String> operatorImages(List<Map<String, Object>> docs) {
        var deployment = Charts.ofKind(docs, "Deployment").get(0);
        var container = ((List<Map<String, Object>>) Charts.map(deployment, "spec", "template", "spec")
                .get("containers")).get(0);
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> e : (List<Map<String, Object>>) container.get("env")) {
            if (e.get("value") != null) {
                env.put((String) e.get("name"), String.valueOf(e.get("value")));
            }
        }
        try (ApplicationContext ctx = ApplicationContext.builder()
                .propertySources(EnvironmentVariables.asPropertySource(env))
                .properties(Map.of("iotlab.start-operator", "false")).start()) {
            return ctx.getBean(OperatorConfig.class).toSettings().images();
        }
    }

    @Test
    void offByDefault() {
        assertThat(Charts.ofKind(render(null), "DaemonSet")).isEmpty();
    }

    @Test
    void pullsExactlyTheImagesTheOperatorRunsByDefault() {
        var docs = render(ENABLED);
        assertThat(containers(daemonSet(docs), "initContainers")).extracting(c -> (String) c.get("image"))
                .as("the chart's list of defaults is the operator's (OperatorSettings.DEFAULT_IMAGES); "
                        + "update iotlab-operator.componentImages in _helpers.tpl")
                .containsExactlyInAnyOrderElementsOf(OperatorSettings.DEFAULT_IMAGES.values())
                .containsExactlyInAnyOrderElementsOf(operatorImages(docs).values());
    }

    @Test
    void pullsTheInstallersImagesWhereTheyOverrideTheDefaults() {
        String digest = "sha256:" + "b".repeat(64);
        var docs = render(ENABLED + """
                operator:
                  componentImages:
                    emqx: registry.example.edu/emqx/emqx:5.8.6
                    api: registry.example.edu/iotlab/iotlab-api:9.9.9@%s
                """.formatted(digest));
        List<String> pulled = containers(daemonSet(docs), "initContainers").stream()
                .map(c -> (String) c.get("image")).toList();
        assertThat(pulled).containsExactlyInAnyOrderElementsOf(operatorImages(docs).values())
                .contains("registry.example.edu/emqx/emqx:5.8.6", "registry.example.edu/iotlab/iotlab-api:9.9.9@" + digest)
                .noneMatch(image -> image.startsWith("emqx/emqx") || image.contains("/iotlab-dev/iotlab-api:"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyContainerMeetsTheRestrictedStandardWithTinyRequests() {
        var ds = daemonSet(render(ENABLED));
        var pod = Charts.map(ds, "spec", "template", "spec");
        assertThat(pod).containsEntry("automountServiceAccountToken", false);
        assertThat(Charts.map(pod, "securityContext")).containsEntry("runAsNonRoot", true)
                .containsEntry("runAsUser", 65534);
        assertThat(Charts.map(pod, "securityContext", "seccompProfile")).containsEntry("type", "RuntimeDefault");
        var all = new java.util.ArrayList<>(containers(ds, "initContainers"));
        all.addAll(containers(ds, "containers"));
        assertThat(all).hasSize(7).allSatisfy(c -> {
            var security = (Map<String, Object>) c.get("securityContext");
            assertThat(security).as(c.get("name").toString()).containsEntry("allowPrivilegeEscalation", false)
                    .containsEntry("runAsNonRoot", true).containsEntry("readOnlyRootFilesystem", true);
            assertThat(security.get("capabilities").toString()).contains("ALL");
            assertThat(Charts.map(c, "resources", "requests")).containsEntry("cpu", "1m").containsEntry("memory", "8Mi");
            assertThat(Charts.map(c, "resources", "limits")).containsKeys("cpu", "memory");
        });
        assertThat(containers(ds, "containers")).singleElement()
                .satisfies(c -> assertThat((String) c.get("image")).startsWith("registry.k8s.io/pause:"));
    }

    @Test
    void eachImageRunsItsOwnBinaryNotAShell() {
        var init = containers(daemonSet(render(ENABLED)), "initContainers");
        assertThat(init).extracting(c -> c.get("name")).containsExactlyInAnyOrder("pull-emqx", "pull-influxdb",
                "pull-node-red", "pull-grafana", "pull-api", "pull-simulator");
        assertThat(init).allSatisfy(c -> assertThat(c.get("command").toString()).as(c.get("name").toString())
                .isNotEmpty().doesNotContain("sh -c").doesNotContain("/bin/sh"));
        assertThat(init).filteredOn(c -> "pull-api".equals(c.get("name"))).singleElement()
                .satisfies(c -> assertThat(c.get("command")).isEqualTo(List.of("java", "-XX:-UsePerfData", "-version")));
    }

    @Test
    void itsPodsAreNeverSelectedByTheOperatorsServiceOrDeployment() {
        var docs = render(ENABLED);
        var podLabels = Charts.map(daemonSet(docs), "spec", "template", "metadata", "labels");
        var serviceSelector = Charts.map(Charts.ofKind(docs, "Service").get(0), "spec", "selector");
        assertThat(podLabels.entrySet().containsAll(serviceSelector.entrySet()))
                .as("the metrics Service (selector %s) must not route to pre-pull pods (%s)", serviceSelector, podLabels)
                .isFalse();
    }

    @Test
    void latestAndMissingCommandsAreRefused() {
        assertThatThrownBy(() -> render(ENABLED + "operator: {componentImages: {grafana: 'grafana/grafana:latest'}}\n"))
                .hasMessageContaining("latest");
        assertThatThrownBy(() -> render("prePull: {enabled: true, commands: {emqx: []}}\n"))
                .hasMessageContaining("emqx");
    }
}
