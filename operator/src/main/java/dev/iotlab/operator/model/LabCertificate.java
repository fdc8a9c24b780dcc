package dev.iotlab.operator.model;

import dev.iotlab.operator.customresource.IngressSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The lab's TLS Secret: the copy of the installer's source Secret the operator puts into the lab namespace, and
 * what the status says about the certificate the lab's Ingress uses (missing, expired, or expiring before the lab).
 * Pure: the Secrets are passed in.
 */
public final class LabCertificate {
    public static final String COMPONENT = "tls";
    static final String CERT = "tls.crt";
    static final String KEY = "tls.key";

    private LabCertificate() {
    }

    /** The Secret name the lab's Ingress uses, when it has TLS. */
    public static Optional<String> secretName(Lab lab) {
        return lab.ingress().map(IngressSpec::getTlsSecretName);
    }

    /** The copy of the source Secret for the lab's namespace, when the installer named a source and the lab has TLS. */
    public static Optional<Secret> copy(Lab lab, Secret source) {
        if (!lab.settings().tls().copiesSource() || source == null || secretName(lab).isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> data = new TreeMap<>();
        for (String key : new String[] {CERT, KEY, "ca.crt"}) {
            if (source.getData() != null && source.getData().get(key) != null) {
                data.put(key, source.getData().get(key));
            }
        }
        return Optional.of(new SecretBuilder()
                .withMetadata(LabObjects.meta(lab, secretName(lab).get(), COMPONENT))
                .withType("kubernetes.io/tls")
                .withData(data)
                .build());
    }

    /** Whether the copy in the lab namespace already holds what the source holds (then nothing is written). */
    public static boolean upToDate(Secret copy, Secret existing) {
        return existing != null && copy.getData().equals(existing.getData())
                && copy.getMetadata().getLabels().equals(existing.getMetadata().getLabels());
    }

    /**
     * What is wrong with the lab's certificate, for the status; empty when the lab has no TLS or all is well.
     *
     * @param inNamespace the Secret named by access.ingress.tlsSecretName in the lab namespace, if it exists
     */
    public static Optional<String> problem(Lab lab, Optional<Secret> inNamespace, Instant now) {
        Optional<String> name = secretName(lab);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        TlsSettings tls = lab.settings().tls();
        if (inNamespace.isEmpty()) {
            if (tls.usesCertManager()) {
                return Optional.of("waiting for cert-manager (" + tls.issuerKind() + " " + tls.issuerName()
                        + ") to issue Secret " + name.get() + " for " + lab.ingress().get().getHost()
                        + "; kubectl -n " + lab.namespace() + " describe certificate tells why if it does not come");
            }
            if (tls.copiesSource()) {
                return Optional.of("TLS source Secret " + tls.sourceNamespace() + "/" + tls.sourceName()
                        + " does not exist, so " + name.get() + " cannot be copied into " + lab.namespace()
                        + "; create it (type kubernetes.io/tls)");
            }
            return Optional.of("access.ingress.tlsSecretName " + name.get() + " does not exist in namespace "
                    + lab.namespace() + ", which the operator made, so nobody could fill it: set the operator's "
                    + "tls.sourceSecret (a Secret it copies into every lab) or tls.certManagerIssuer, or remove "
                    + "tlsSecretName for plain HTTP");
        }
        Optional<Instant> notAfter = notAfter(inNamespace.get());
        if (notAfter.isEmpty()) {
            return Optional.of("Secret " + name.get() + " holds no readable certificate in " + CERT);
        }
        String source = tls.copiesSource() ? "renew the source Secret " + tls.sourceNamespace() + "/"
                + tls.sourceName() + " (the operator copies it again)" : "renew the certificate";
        if (!notAfter.get().isAfter(now)) {
            return Optional.of("the certificate in " + name.get() + " expired at " + notAfter.get() + "; " + source);
        }
        Optional<Instant> labEnds = lab.expiresAt();
        if (labEnds.isPresent() && notAfter.get().isBefore(labEnds.get())) {
            return Optional.of("the certificate in " + name.get() + " expires at " + notAfter.get()
                    + ", before the lab's expiresAt " + labEnds.get() + "; " + source);
        }
        return Optional.empty();
    }

    /** When the certificate in a kubernetes.io/tls Secret expires. */
    public static Optional<Instant> notAfter(Secret secret) {
        String pem = secret.getData() == null ? null : secret.getData().get(CERT);
        if (pem == null) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(pem);
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(bytes));
            return Optional.of(cert.getNotAfter().toInstant());
        } catch (CertificateException | IllegalArgumentException | ClassCastException e) {
            return Optional.empty();
        }
    }
}
