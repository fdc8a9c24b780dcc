package dev.iotlab.operator.customresource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotlab.operator.controlplane.ControlPlane;
import dev.iotlab.operator.controlplane.ControlPlaneTest;
import dev.iotlab.operator.model.CrdSchema;
import dev.iotlab.operator.model.TestLabs;
import dev.iotlab.operator.reconciler.OperatorHarness;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated CRD in a real API server: bad IotLabs are refused by the schema or its CEL rules with a message
 * that names the field — the same answer `kubectl apply` gives an instructor.
 */
@ControlPlaneTest
@SuppressWarnings("unchecked")
class CrdValidationTest {
    static KubernetesClient admin;

    @BeforeAll
    static void installCrd() throws Exception {
        admin = ControlPlane.shared().adminClient();
        OperatorHarness.installCrd(admin);
    }

    /** Refused by a CEL rule (invisible to the offline schema check): what LabChecks says instead. */
    static final Map<String, String> CEL_ONLY = Map.of(
            "ingress and gateway", "choose ingress or gateway, not both",
            "unknown ingress class", "\"haproxy\" has no recipe",
            "gateway name without namespace", "give both name and namespace of the Gateway",
            "retention under an hour", "at least 1h",
            "retention of 59m59s", "at least 1h",
            "retention finer than seconds", "is too precise",
            "retention over int64 nanoseconds", "is too long");

    static Stream<Arguments> badSpecs() {
        return Stream.of(
                Arguments.of("no student", "course: iot101", "spec.student: Required value"),
                Arguments.of("empty student name", "student: {name: \"\"}", "spec.student.name"),
                Arguments.of("bad email", "student: {name: A, email: not-an-email}", "spec.student.email"),
                Arguments.of("unknown profile", "student: {name: A}\nprofile: huge", "spec.profile: Unsupported value: \"huge\""),
                Arguments.of("course not a label", "student: {name: A}\ncourse: IoT 101!", "spec.course"),
                Arguments.of("system namespace", "student: {name: A}\nnamespace: kube-system", "must not be a system namespace"),
                Arguments.of("namespace not DNS", "student: {name: A}\nnamespace: Alice_NS", "spec.namespace"),
                Arguments.of("expiry not RFC 3339", "student: {name: A}\nexpiresAt: next friday", "spec.expiresAt"),
                Arguments.of("retention not a duration", "student: {name: A}\ncomponents: {influxdb: {retention: 7 days}}", "spec.components.influxdb.retention"),
                Arguments.of("retention under an hour", "student: {name: A}\ncomponents: {influxdb: {retention: 45m}}", "spec.components.influxdb.retention must be at least 1h"),
                Arguments.of("retention of 59m59s", "student: {name: A}\ncomponents: {influxdb: {retention: 59m59s}}", "spec.components.influxdb.retention must be at least 1h"),
                Arguments.of("retention finer than seconds", "student: {name: A}\ncomponents: {influxdb: {retention: 1h500ms}}", "spec.components.influxdb.retention must be whole seconds"),
                Arguments.of("retention over int64 nanoseconds", "student: {name: A}\ncomponents: {influxdb: {retention: 99999w}}", "spec.components.influxdb.retention must be at most 15250w"),
                Arguments.of("storage not a quantity", "student: {name: A}\ncomponents: {influxdb: {storage: lots}}", "spec.components.influxdb.storage"),
                Arguments.of("interval too small", "student: {name: A}\ncomponents: {simulator: {intervalSeconds: 0}}", "spec.components.simulator.intervalSeconds"),
                Arguments.of("interval too large", "student: {name: A}\ncomponents: {simulator: {intervalSeconds: 99999}}", "spec.components.simulator.intervalSeconds"),
                Arguments.of("bad mqtt service type", "student: {name: A}\naccess: {mqttServiceType: External}", "spec.access.mqttServiceType"),
                Arguments.of("ingress without host", "student: {name: A}\naccess: {ingress: {className: nginx}}", "spec.access.ingress.host"),
                Arguments.of("image with spaces", "student: {name: A}\ncomponents: {emqx: {image: \"emqx latest\"}}", "spec.components.emqx.image"),
                Arguments.of("enabled not a boolean", "student: {name: A}\ncomponents: {api: {enabled: maybe}}", "spec.components.api.enabled"),
                Arguments.of("ingress and gateway", "student: {name: A}\naccess: {ingress: {host: a.example.edu}, gateway: {name: g, namespace: n}}", "spec.access: choose ingress or gateway, not both"),
                Arguments.of("unknown ingress class", "student: {name: A}\naccess: {ingress: {host: a.example.edu, className: haproxy}}", "spec.access.ingress.className has no recipe in the operator; supported: nginx, traefik"),
                Arguments.of("unknown ingress flavour", "student: {name: A}\naccess: {ingress: {host: a.example.edu, flavour: haproxy}}", "spec.access.ingress.flavour: Unsupported value"),
                Arguments.of("gateway name without namespace", "student: {name: A}\naccess: {gateway: {name: g}}", "give both name and namespace of the Gateway"),
                Arguments.of("gateway host not a host name", "student: {name: A}\naccess: {gateway: {host: \"Alice Host\"}}", "spec.access.gateway.host"),
                Arguments.of("course ending in a line break", "student: {name: A}\ncourse: \"iot101\\n\"", "spec.course"),
                Arguments.of("cpu as a fraction", "student: {name: A}\ncomponents: {api: {resources: {requests: {cpu: 0.5}}}}", "spec.components.api.resources.requests.cpu"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSpecs")
    void apiServerRefusesBadSpecsNamingTheField(String why, String spec, String message) {
        GenericKubernetesResource lab = Serialization.unmarshal(Serialization.asYaml(
                TestLabs.toApply("bad-" + Math.abs(why.hashCode()), "student: {name: placeholder}")),
                GenericKubernetesResource.class);
        lab.getAdditionalProperties().put("spec", Serialization.unmarshal(spec, Map.class));
        assertThatThrownBy(() -> admin.resource(lab).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getMessage()).contains(message);
                });
        // render (no cluster) refuses the same documents, naming the same field.
        String field = message.startsWith("spec.") ? message.split("[: ]")[0] : "spec.namespace";
        Map<String, Object> doc = Map.of("spec", Serialization.unmarshal(spec, Map.class));
        if (CEL_ONLY.containsKey(why)) {
            // A CEL rule: the offline schema check cannot see it, the operator's own check repeats it for render.
            assertThatThrownBy(() -> dev.iotlab.operator.model.LabChecks.validate(new dev.iotlab.operator.model.Lab(
                    TestLabs.resource("cel", spec), dev.iotlab.operator.model.OperatorSettings.defaults(), TestLabs.NOW)))
                    .hasMessageContaining(CEL_ONLY.get(why));
        } else if ("system namespace".equals(why)) {
            assertThatThrownBy(() -> dev.iotlab.operator.model.LabChecks.validate(new dev.iotlab.operator.model.Lab(
                    TestLabs.resource("sys", spec), dev.iotlab.operator.model.OperatorSettings.defaults(), TestLabs.NOW)))
                    .hasMessageContaining("must not be a system namespace");
        } else {
            assertThat(CrdSchema.validate(doc)).as("offline schema check").anyMatch(err -> err.startsWith(field));
        }
    }

    @Test
    void namespaceCannotChangeAfterCreation() {
        GenericKubernetesResource lab = Serialization.unmarshal(Serialization.asYaml(
                TestLabs.toApply("crd-immutable", "student: {name: A}\nnamespace: iotlab-first")),
                GenericKubernetesResource.class);
        admin.resource(lab).create();
        assertThatThrownBy(() -> admin.genericKubernetesResources(IotLab.API_VERSION, "IotLab")
                .withName("crd-immutable").edit(r -> {
                    ((Map<String, Object>) r.getAdditionalProperties().get("spec")).put("namespace", "iotlab-second");
                    return r;
                }))
                .isInstanceOfSatisfying(KubernetesClientException.class, e ->
                        assertThat(e.getStatus().getMessage()).contains("spec.namespace cannot change"));
        admin.genericKubernetesResources(IotLab.API_VERSION, "IotLab").withName("crd-immutable").delete();
    }

    static Stream<Arguments> firstStartOnlyChanges() {
        return Stream.of(
                Arguments.of("org", "components: {influxdb: {org: school}}", "components: {influxdb: {org: other}}", "spec.components.influxdb.org"),
                Arguments.of("org from the default", "{}", "components: {influxdb: {org: other}}", "spec.components.influxdb.org"),
                Arguments.of("bucket", "components: {influxdb: {bucket: a}}", "components: {influxdb: {bucket: b}}", "spec.components.influxdb.bucket"),
                Arguments.of("bucket back to the default", "components: {influxdb: {bucket: a}}", "{}", "spec.components.influxdb.bucket"),
                Arguments.of("retention", "components: {influxdb: {retention: 30d}}", "components: {influxdb: {retention: 7d}}", "spec.components.influxdb.retention"),
                Arguments.of("storage class", "components: {nodeRed: {storageClassName: fast}}", "components: {nodeRed: {storageClassName: slow}}", "spec.components.nodeRed.storageClassName"),
                Arguments.of("storage class set later", "{}", "components: {emqx: {storageClassName: fast}}", "spec.components.emqx.storageClassName"),
                Arguments.of("storage shrinks", "components: {influxdb: {storage: 2Gi}}", "components: {influxdb: {storage: 1500Mi}}", "storage can only grow"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("firstStartOnlyChanges")
    void settingsAComponentReadsOnlyOnItsFirstStartCannotChange(String why, String before, String after, String message) {
        String name = "crd-first-" + Math.abs(why.hashCode());
        GenericKubernetesResource lab = Serialization.unmarshal(Serialization.asYaml(
                TestLabs.toApply(name, "student: {name: A}")), GenericKubernetesResource.class);
        Map<String, Object> spec = new java.util.HashMap<>(Serialization.unmarshal(before, Map.class));
        spec.put("student", Map.of("name", "A"));
        lab.getAdditionalProperties().put("spec", spec);
        admin.resource(lab).create();
        try {
            assertThatThrownBy(() -> admin.genericKubernetesResources(IotLab.API_VERSION, "IotLab").withName(name)
                    .edit(r -> {
                        Map<String, Object> changed = new java.util.HashMap<>(Serialization.unmarshal(after, Map.class));
                        changed.put("student", Map.of("name", "A"));
                        r.getAdditionalProperties().put("spec", changed);
                        return r;
                    }))
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(422);
                        assertThat(e.getStatus().getMessage()).contains(message).contains("create it again");
                    });
            // What may change still does: the lab is not frozen.
            admin.genericKubernetesResources(IotLab.API_VERSION, "IotLab").withName(name).edit(r -> {
                ((Map<String, Object>) r.getAdditionalProperties().get("spec")).put("suspend", true);
                return r;
            });
        } finally {
            admin.genericKubernetesResources(IotLab.API_VERSION, "IotLab").withName(name).delete();
        }
    }

    @Test
    void storageMayGrow() {
        GenericKubernetesResource lab = Serialization.unmarshal(Serialization.asYaml(TestLabs.toApply("crd-grow",
                "student: {name: A}\ncomponents: {influxdb: {storage: 2Gi}}")), GenericKubernetesResource.class);
        admin.resource(lab).create();
        admin.genericKubernetesResources(IotLab.API_VERSION, "IotLab").withName("crd-grow").edit(r -> {
            ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) r.getAdditionalProperties().get("spec"))
                    .get("components")).get("influxdb")).put("storage", "3Gi");
            return r;
        });
        admin.genericKubernetesResources(IotLab.API_VERSION, "IotLab").withName("crd-grow").delete();
    }

    @Test
    void everyObjectTheOperatorRendersForTheExamplesIsAcceptedByTheApiServer() throws Exception {
        for (String file : new String[] {"minimal.yaml", "full.yaml", "course.yaml"}) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            int exit = dev.iotlab.operator.cli.RenderCommand.run(new String[] {"-f", "../examples/" + file},
                    java.io.InputStream.nullInputStream(), new java.io.PrintStream(out), System.err);
            assertThat(exit).isZero();
            java.util.List<io.fabric8.kubernetes.api.model.HasMetadata> objects = Serialization.unmarshal(out.toString());
            for (var o : objects) {
                o.getMetadata().setOwnerReferences(null);
                if (o instanceof io.fabric8.kubernetes.api.model.Namespace ns) {
                    ns.getMetadata().setName("render-" + ns.getMetadata().getName());
                    admin.resource(ns).create();
                }
            }
            for (var o : objects) {
                if (!(o instanceof io.fabric8.kubernetes.api.model.Namespace)) {
                    o.getMetadata().setNamespace("render-" + o.getMetadata().getNamespace());
                    if (o instanceof io.fabric8.kubernetes.api.model.rbac.RoleBinding rb) {
                        rb.getSubjects().forEach(s -> s.setNamespace("render-" + s.getNamespace()));
                    }
                    admin.resource(o).dryRun().create();
                }
            }
        }
    }

    @Test
    void theExamplesAreAccepted() throws Exception {
        for (String file : new String[] {"minimal.yaml", "full.yaml", "course.yaml", "gateway.yaml"}) {
            try (var in = new java.io.FileInputStream("../examples/" + file)) {
                var items = admin.load(in).items();
                assertThat(items).isNotEmpty();
                for (var item : items) {
                    admin.resource(item).dryRun().create();
                }
            }
        }
    }
}
