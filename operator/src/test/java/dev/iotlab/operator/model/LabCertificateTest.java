package dev.iotlab.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LabCertificateTest {
    static final String TLS_LAB = "student: {name: A}\naccess: {ingress: {host: a.labs.example.edu, tlsSecretName: labs-tls}}";

    static Lab lab(String spec, TlsSettings tls, Instant now) {
        return new Lab(TestLabs.resource(spec), OperatorSettings.defaults().withTls(tls), now);
    }

    @Test
    void theSourceIsCopiedIntoTheLabNamespaceUnderTheLabsName() throws Exception {
        Secret source = TestCertificates.tlsSecret("iotlab-system", "wildcard", 30);
        Lab lab = lab(TLS_LAB, TlsSettings.parse("iotlab-system/wildcard", null), Instant.now());
        Secret copy = LabCertificate.copy(lab, source).orElseThrow();
        assertThat(copy.getMetadata().getNamespace()).isEqualTo("iotlab-alice");
        assertThat(copy.getMetadata().getName()).isEqualTo("labs-tls");
        assertThat(copy.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(copy.getData()).isEqualTo(source.getData());
        assertThat(copy.getMetadata().getLabels()).containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
        assertThat(LabCertificate.upToDate(copy, copy)).isTrue();
        assertThat(LabCertificate.copy(lab(TLS_LAB, TlsSettings.NONE, Instant.now()), source)).isEmpty();
        assertThat(LabCertificate.copy(lab("student: {name: A}", TlsSettings.parse("iotlab-system/wildcard", null),
                Instant.now()), source)).as("no TLS in the lab").isEmpty();
    }

    @Test
    void theStatusSaysWhenTheCertificateIsMissingExpiredOrEndsBeforeTheLab() throws Exception {
        Instant now = Instant.now();
        TlsSettings copying = TlsSettings.parse("iotlab-system/wildcard", null);
        Secret tenDays = TestCertificates.tlsSecret("iotlab-alice", "labs-tls", 10);
        String expiresIn30 = TLS_LAB + "\nexpiresAt: \"" + now.plus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "\"";
        assertThat(LabCertificate.problem(lab(expiresIn30, copying, now), Optional.of(tenDays), now)).get()
                .asString().contains("expires at").contains("before the lab's expiresAt")
                .contains("renew the source Secret iotlab-system/wildcard");
        String expiresIn5 = TLS_LAB + "\nexpiresAt: \"" + now.plus(Duration.ofDays(5)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "\"";
        assertThat(LabCertificate.problem(lab(expiresIn5, copying, now), Optional.of(tenDays), now)).isEmpty();
        assertThat(LabCertificate.problem(lab(TLS_LAB, copying, now.plus(Duration.ofDays(11))), Optional.of(tenDays),
                now.plus(Duration.ofDays(11)))).get().asString().contains("expired at");
        assertThat(LabCertificate.problem(lab(TLS_LAB, TlsSettings.NONE, now), Optional.empty(), now)).get()
                .asString().contains("labs-tls does not exist in namespace iotlab-alice").contains("sourceSecret");
        assertThat(LabCertificate.problem(lab(TLS_LAB, copying, now), Optional.empty(), now)).get()
                .asString().contains("source Secret iotlab-system/wildcard does not exist");
        assertThat(LabCertificate.problem(lab(TLS_LAB, TlsSettings.parse(null, "letsencrypt"), now), Optional.empty(),
                now)).get().asString().contains("waiting for cert-manager (ClusterIssuer letsencrypt)");
        assertThat(LabCertificate.problem(lab("student: {name: A}", TlsSettings.NONE, now), Optional.empty(), now))
                .isEmpty();
    }

    @Test
    void certManagerIsAskedByTheFirstIngressOnly() {
        Lab lab = lab(TLS_LAB, TlsSettings.parse(null, "ClusterIssuer/letsencrypt"), Instant.now());
        var ingresses = LabIngress.desired(lab);
        assertThat(ingresses).hasSizeGreaterThan(1);
        assertThat(ingresses.get(0).getMetadata().getAnnotations())
                .containsEntry("cert-manager.io/cluster-issuer", "letsencrypt");
        assertThat(ingresses.subList(1, ingresses.size())).allSatisfy(i -> assertThat(i.getMetadata().getAnnotations())
                .doesNotContainKey("cert-manager.io/cluster-issuer"));
        assertThat(LabIngress.desired(lab(TLS_LAB, TlsSettings.parse(null, "Issuer/lab-ca"), Instant.now())).get(0)
                .getMetadata().getAnnotations()).containsEntry("cert-manager.io/issuer", "lab-ca");
        assertThat(LabIngress.desired(lab(TLS_LAB, TlsSettings.NONE, Instant.now())).get(0).getMetadata()
                .getAnnotations()).doesNotContainKeys("cert-manager.io/cluster-issuer", "cert-manager.io/issuer");
    }

    @Test
    void settingsThatCannotWorkAreRefusedWithTheFormExpected() {
        assertThatThrownBy(() -> TlsSettings.parse("just-a-name", null)).hasMessageContaining("namespace/name");
        assertThatThrownBy(() -> TlsSettings.parse(null, "Certificate/x")).hasMessageContaining("ClusterIssuer/");
        assertThatThrownBy(() -> TlsSettings.parse("a/b", "c")).hasMessageContaining("not both");
        assertThat(TlsSettings.parse("", "")).isEqualTo(TlsSettings.NONE);
    }
}
