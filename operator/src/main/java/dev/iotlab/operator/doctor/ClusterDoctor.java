package dev.iotlab.operator.doctor;

import dev.iotlab.operator.customresource.Profile;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;

/**
 * What an instructor learns before a course: would this cluster run it? Each check (one class each: {@link CrdCheck},
 * {@link OperatorCheck}, {@link IngressCheck} / {@link GatewayDoctor}, {@link StorageClassCheck},
 * {@link CertificateCheck}, {@link PodSecurityCheck}, {@link CapacityCheck}) reads the cluster (the PodSecurity check
 * also writes a short-lived namespace) and says what is wrong and how to fix it. Independent of the command line
 * ({@code cli/DoctorCommand} parses options and prints).
 */
public final class ClusterDoctor {

    /**
     * @param course            the course whose labs are read from the cluster (students, profile, ingress, expiry),
     *                          or null
     * @param students          how many students to plan for; null means the course's labs (at least 1)
     * @param profile           the profile to plan for; null means the course's labs' (or small)
     * @param operatorNamespace where the operator runs (its Lease)
     * @param ingressClass      the IngressClass the course will use, or null for the labs' / the default one
     * @param gateway           namespace/name of a Gateway the course will use, or null
     * @param tlsSourceSecret   namespace/name of the operator's TLS source Secret, or null
     * @param until             when the course ends, or null for the latest expiresAt of its labs
     */
    public record Options(String course, Integer students, Profile profile, String operatorNamespace,
                          String ingressClass, String gateway, String tlsSourceSecret, Instant until) {
    }

    /** One line of the report. */
    public record Check(String name, boolean ok, String detail, String fix) {
        static Check ok(String name, String detail) {
            return new Check(name, true, detail, null);
        }

        static Check fail(String name, String detail, String fix) {
            return new Check(name, false, detail, fix);
        }
    }

    private final KubernetesClient client;
    private final Options options;
    private final Instant now;
    private final CourseLabs course;

    public ClusterDoctor(KubernetesClient client, Options options, Instant now) {
        this.client = client;
        this.options = options;
        this.now = now;
        this.course = CourseLabs.read(client, options.course());
    }

    /** Every check, in the order of the report. */
    public List<Check> run() {
        return List.of(crd(), operator(), ingressOrGateway(), storageClass(), certificate(), podSecurity(), capacity());
    }

    Check crd() {
        return CrdCheck.check(client);
    }

    Check operator() {
        return OperatorCheck.check(client, options.operatorNamespace(), now);
    }

    Check ingressOrGateway() {
        return IngressCheck.check(client, options.ingressClass(), options.gateway(), course);
    }

    Check storageClass() {
        return StorageClassCheck.check(client);
    }

    Check certificate() {
        return CertificateCheck.check(client, options.tlsSourceSecret(), options.until(), course, now);
    }

    Check podSecurity() {
        return PodSecurityCheck.check(client);
    }

    Check capacity() {
        Profile profile = course.profile(options.profile());
        return CapacityCheck.check(client, CourseLabs.sample("iotlab-sizing", profile), profile,
                course.students(options.students()));
    }
}
