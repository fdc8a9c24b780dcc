package dev.iotlab.operator.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.iotlab.operator.cli.DoctorCommand;
import dev.iotlab.operator.controlplane.ControlPlane;
import dev.iotlab.operator.controlplane.ControlPlaneTest;
import dev.iotlab.operator.customresource.Profile;
import dev.iotlab.operator.doctor.ClusterDoctor.Check;
import dev.iotlab.operator.model.TestCertificates;
import dev.iotlab.operator.reconciler.OperatorHarness;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * doctor against the real control plane, with each prerequisite missing and then present: the CRD (missing, stale,
 * current), the operator's Lease (none, stale, fresh), the IngressClass, a default StorageClass, the TLS source
 * Secret (missing, ending before the course, valid), PodSecurity, and the nodes' capacity (none, enough, too little).
 */
@ControlPlaneTest
class ClusterDoctorTest {
    static ControlPlane controlPlane;
    static KubernetesClient admin;
    static String operatorNamespace;
    static String tlsNamespace;

    @BeforeAll
    static void setUp() {
        controlPlane = ControlPlane.shared();
        admin = controlPlane.adminClient();
        operatorNamespace = controlPlane.newNamespace("doctor-op", Map.of());
        tlsNamespace = controlPlane.newNamespace("doctor-tls", Map.of());
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (admin == null) {
            return;
        }
        admin.storage().v1().storageClasses().withName("doctor-default").delete();
        admin.network().v1().ingressClasses().withName("doctor-nginx").delete();
        admin.nodes().withName("doctor-node-1").delete();
        admin.nodes().withName("doctor-node-2").delete();
        OperatorHarness.installCrd(admin); // leave the CRD as the other tests expect it
    }

    ClusterDoctor doctor(Integer students) {
        return new ClusterDoctor(admin, new ClusterDoctor.Options(null, students, Profile.SMALL, operatorNamespace,
                "doctor-nginx", null, tlsNamespace + "/labs-wildcard", Instant.now().plus(Duration.ofDays(30))),
                Instant.now());
    }

    @Test
    void eachPrerequisiteMissingIsAFailWithItsFixAndPresentIsAPass() throws Exception {
        // --- everything missing that can be ---
        admin.apiextensions().v1().customResourceDefinitions().withName(CrdCheck.CRD_NAME).delete();
        await().atMost(Duration.ofSeconds(60)).until(() -> admin.apiextensions().v1().customResourceDefinitions()
                .withName(CrdCheck.CRD_NAME).get() == null);
        ClusterDoctor d = doctor(2);
        assertFail(d.crd(), "not installed", "kubectl apply --server-side -f crds/iotlab.dev_iotlabs.yaml");
        assertFail(d.operator(), "no leader", "helm install iotlab charts/iotlab-operator -n " + operatorNamespace);
        assertFail(d.ingressOrGateway(), "IngressClass doctor-nginx not found", "install the ingress controller");
        assertFail(d.storageClass(), "no default StorageClass", "is-default-class");
        assertFail(d.certificate(), "source Secret " + tlsNamespace + "/labs-wildcard not found", "create secret tls");
        assertFail(d.capacity(), "no schedulable node", "add nodes");
        String report = runCommand();
        assertThat(report).contains("✘ IotLab CRD", "fix: kubectl apply --server-side", "✔ Pod Security");

        // --- a stale CRD, a stale Lease, a certificate that ends before the course, too many students ---
        OperatorHarness.installCrd(admin);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> admin.apiextensions().v1()
                .customResourceDefinitions().withName(CrdCheck.CRD_NAME).edit(crd -> {
                    crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().setDescription("an older release");
                    return crd;
                }));
        admin.leases().inNamespace(operatorNamespace).resource(new LeaseBuilder().withNewMetadata()
                .withName(OperatorCheck.LEASE).endMetadata().withNewSpec().withHolderIdentity("iotlab-operator-abc")
                .withLeaseDurationSeconds(15).withRenewTime(ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(10))
                .endSpec().build()).create();
        admin.resource(TestCertificates.tlsSecret(tlsNamespace, "labs-wildcard", 10)).create();
        for (int i = 1; i <= 2; i++) {
            String node = "doctor-node-" + i;
            admin.nodes().resource(new NodeBuilder().withNewMetadata().withName(node).endMetadata().build()).create();
            // retried: the node controller writes the Node's status too
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> admin.nodes().withName(node)
                    .editStatus(n -> {
                        n.getStatus().setAllocatable(Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi"),
                                "pods", new Quantity("110")));
                        n.getStatus().setCapacity(n.getStatus().getAllocatable());
                        return n;
                    }));
        }
        d = doctor(1000);
        assertFail(d.crd(), "not the one of this jar", "helm upgrade --install");
        assertFail(d.operator(), "not renewed since", "logs deploy/iotlab-operator");
        assertFail(d.certificate(), "before the course ends", "renew it");
        Check tooMany = d.capacity();
        assertFail(tooMany, "1000 requested", "add nodes");
        assertThat(tooMany.detail()).matches("fits \\d+ students on small; 1000 requested.*");

        // --- everything present ---
        OperatorHarness.installCrd(admin);
        admin.leases().inNamespace(operatorNamespace).withName(OperatorCheck.LEASE).edit(l -> {
            l.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
            return l;
        });
        admin.network().v1().ingressClasses().resource(new IngressClassBuilder().withNewMetadata()
                .withName("doctor-nginx").endMetadata().withNewSpec().withController("k8s.io/ingress-nginx").endSpec()
                .build()).create();
        admin.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata()
                .withName("doctor-default").addToAnnotations(StorageClassCheck.DEFAULT_STORAGE_CLASS, "true").endMetadata()
                .withProvisioner("example.com/doctor").build()).create();
        var renewed = TestCertificates.tlsSecret(tlsNamespace, "labs-wildcard", 90);
        admin.secrets().inNamespace(tlsNamespace).withName("labs-wildcard").edit(s -> {
            s.setData(renewed.getData());
            return s;
        });
        d = doctor(2);
        List<Check> all = d.run();
        assertThat(all).as(String.valueOf(all)).allMatch(Check::ok);
        assertThat(all.get(all.size() - 1).detail()).matches("fits \\d+ students on small; 2 requested.*");
        String passing = runCommand("--students", "2");
        assertThat(passing).contains("✔ IotLab CRD", "✔ Operator", "✔ Capacity", "All checks passed");
        assertThat(passing).doesNotContain("✘");
    }

    private String runCommand(String... extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> args = new java.util.ArrayList<>(List.of("--kubeconfig",
                controlPlane.logDir().resolve("admin.kubeconfig").toString(), "--operator-namespace", operatorNamespace,
                "--ingress-class", "doctor-nginx", "--tls-source-secret", tlsNamespace + "/labs-wildcard",
                "--until", Instant.now().plus(Duration.ofDays(30)).toString()));
        args.addAll(List.of(extra));
        int exit = DoctorCommand.run(args.toArray(String[]::new), java.io.InputStream.nullInputStream(),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String report = out.toString(StandardCharsets.UTF_8);
        System.err.println("doctor " + String.join(" ", extra) + "\n" + report); // the README shows this output
        assertThat(exit).as(report).isEqualTo(report.contains("✘") ? 1 : 0);
        return report;
    }

    private static void assertFail(Check check, String detail, String fix) {
        assertThat(check.ok()).as(check.toString()).isFalse();
        assertThat(check.detail()).contains(detail);
        assertThat(check.fix()).contains(fix);
    }
}
