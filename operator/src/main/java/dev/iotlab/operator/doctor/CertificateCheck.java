package dev.iotlab.operator.doctor;

import dev.iotlab.operator.doctor.ClusterDoctor.Check;
import dev.iotlab.operator.model.LabCertificate;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * doctor's TLS line: the operator's TLS source Secret exists, holds a certificate, and that certificate lasts until
 * the course ends.
 */
final class CertificateCheck {
    static final String NAME = "TLS certificate";

    private CertificateCheck() {
    }

    /**
     * @param source namespace/name of the operator's TLS source Secret, or null
     * @param until  when the course ends, or null for the course's labs' latest expiresAt
     */
    static Check check(KubernetesClient client, String source, Instant until, CourseLabs course, Instant now) {
        if (source == null) {
            return course.useTls()
                    ? Check.fail(NAME, "the course's labs use TLS but no source Secret was named",
                            "name the operator's tls.sourceSecret with --tls-source-secret namespace/name (or use "
                                    + "tls.certManagerIssuer)")
                    : Check.ok(NAME, "no TLS source Secret to check (plain HTTP, or cert-manager)");
        }
        String[] ref = source.split("/", 2);
        Secret secret = ref.length != 2 ? null
                : Lookups.orNull(() -> client.secrets().inNamespace(ref[0]).withName(ref[1]).get());
        if (secret == null) {
            return Check.fail(NAME, "source Secret " + source + " not found",
                    "kubectl -n " + (ref.length == 2 ? ref[0] : "<namespace>")
                            + " create secret tls <name> --cert=fullchain.pem --key=privkey.pem");
        }
        Optional<Instant> notAfter = LabCertificate.notAfter(secret);
        if (notAfter.isEmpty()) {
            return Check.fail(NAME, "source Secret " + source + " holds no readable certificate in tls.crt",
                    "recreate it: kubectl create secret tls ... --cert=fullchain.pem --key=privkey.pem");
        }
        Optional<Instant> end = Optional.ofNullable(until).or(course::end).map(t -> t.truncatedTo(ChronoUnit.SECONDS));
        if (!notAfter.get().isAfter(now)) {
            return Check.fail(NAME, "certificate in " + source + " expired at " + notAfter.get(), "renew it");
        }
        if (end.isPresent() && notAfter.get().isBefore(end.get())) {
            return Check.fail(NAME, "certificate in " + source + " expires at " + notAfter.get()
                    + ", before the course ends (" + end.get() + ")", "renew it before the course ends (the "
                    + "operator copies a renewed Secret into every lab)");
        }
        return Check.ok(NAME, source + " valid until " + notAfter.get()
                + end.map(u -> ", after the course ends (" + u + ")").orElse(""));
    }
}
