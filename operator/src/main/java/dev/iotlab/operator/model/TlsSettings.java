package dev.iotlab.operator.model;

import java.util.Optional;

/**
 * Where the labs' certificates come from, chosen once by the installer: a source Secret (kubernetes.io/tls, e.g. a
 * wildcard for *.labs.example.edu) that the operator copies into every lab namespace under the lab's
 * access.ingress.tlsSecretName and keeps in sync when it is renewed; or a cert-manager issuer, which the lab's
 * Ingress names so cert-manager issues the Secret in the lab namespace itself. A lab namespace is made by the
 * operator, so nobody could put a Secret there beforehand.
 *
 * @param sourceNamespace namespace of the source Secret, or null
 * @param sourceName      name of the source Secret, or null
 * @param issuerKind      ClusterIssuer or Issuer, or null
 * @param issuerName      the cert-manager issuer's name, or null
 */
public record TlsSettings(String sourceNamespace, String sourceName, String issuerKind, String issuerName) {
    public static final TlsSettings NONE = new TlsSettings(null, null, null, null);
    /** The annotations cert-manager's ingress-shim reads. */
    public static final String CLUSTER_ISSUER_ANNOTATION = "cert-manager.io/cluster-issuer";
    public static final String ISSUER_ANNOTATION = "cert-manager.io/issuer";

    /**
     * @param sourceSecret "namespace/name" of the source Secret, or blank
     * @param issuer       "ClusterIssuer/name" or "Issuer/name" (a bare name is a ClusterIssuer), or blank
     */
    public static TlsSettings parse(String sourceSecret, String issuer) {
        String ns = null;
        String name = null;
        if (sourceSecret != null && !sourceSecret.isBlank()) {
            String[] parts = sourceSecret.trim().split("/");
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("IOTLAB_TLS_SOURCE_SECRET (iotlab.tls-source-secret)=" + sourceSecret
                        + " is not like iotlab-system/labs-wildcard-tls (namespace/name of a kubernetes.io/tls Secret)");
            }
            ns = parts[0];
            name = parts[1];
        }
        String kind = null;
        String issuerName = null;
        if (issuer != null && !issuer.isBlank()) {
            String[] parts = issuer.trim().split("/");
            if (parts.length == 1) {
                kind = "ClusterIssuer";
                issuerName = parts[0];
            } else if (parts.length == 2 && (parts[0].equals("ClusterIssuer") || parts[0].equals("Issuer"))) {
                kind = parts[0];
                issuerName = parts[1];
            } else {
                throw new IllegalArgumentException("IOTLAB_TLS_CERT_MANAGER_ISSUER (iotlab.tls-cert-manager-issuer)=" + issuer
                        + " is not like ClusterIssuer/letsencrypt (or Issuer/<name> in each lab namespace)");
            }
        }
        if (ns != null && kind != null) {
            throw new IllegalArgumentException("set either IOTLAB_TLS_SOURCE_SECRET or IOTLAB_TLS_CERT_MANAGER_ISSUER, "
                    + "not both: both would write the labs' TLS Secrets");
        }
        return new TlsSettings(ns, name, kind, issuerName);
    }

    public boolean copiesSource() {
        return sourceName != null;
    }

    public boolean usesCertManager() {
        return issuerName != null;
    }

    /** The Ingress annotation that asks cert-manager for the lab's certificate. */
    public Optional<java.util.Map.Entry<String, String>> certManagerAnnotation() {
        if (!usesCertManager()) {
            return Optional.empty();
        }
        return Optional.of(java.util.Map.entry("ClusterIssuer".equals(issuerKind) ? CLUSTER_ISSUER_ANNOTATION
                : ISSUER_ANNOTATION, issuerName));
    }
}
