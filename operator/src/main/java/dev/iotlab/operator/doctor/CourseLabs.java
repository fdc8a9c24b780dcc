package dev.iotlab.operator.doctor;

import dev.iotlab.operator.customresource.GatewayScheme;
import dev.iotlab.operator.customresource.IngressSpec;
import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.customresource.IotLabSpec;
import dev.iotlab.operator.customresource.Profile;
import dev.iotlab.operator.customresource.Student;
import dev.iotlab.operator.model.GatewayRef;
import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.OperatorSettings;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the labs of a course (spec.course) already in the cluster tell the checks: how many students, which profile,
 * ingress classes, Gateways and TLS they use, and when the course ends. No course: no labs, nothing to tell.
 */
final class CourseLabs {
    private final List<IotLab> labs;

    CourseLabs(List<IotLab> labs) {
        this.labs = List.copyOf(labs);
    }

    static CourseLabs read(KubernetesClient client, String course) {
        if (course == null) {
            return new CourseLabs(List.of());
        }
        try {
            return new CourseLabs(client.resources(IotLab.class).list().getItems().stream()
                    .filter(l -> l.getSpec() != null && course.equals(l.getSpec().getCourse())).toList());
        } catch (KubernetesClientException e) {
            return new CourseLabs(List.of()); // no CRD: reported by its own check
        }
    }

    /** The profile given, else standard when any lab of the course is, else small. */
    Profile profile(Profile given) {
        return given != null ? given : labs.stream().map(l -> l.getSpec().profileOrDefault())
                .filter(p -> p == Profile.STANDARD).findFirst().orElse(Profile.SMALL);
    }

    /** The number of students given, else one per lab of the course (at least 1). */
    int students(Integer given) {
        return given != null ? given : Math.max(1, labs.size());
    }

    boolean anyIngress() {
        return labs.stream().anyMatch(l -> ingress(l) != null);
    }

    /** The IngressClasses the labs name in access.ingress.className. */
    Set<String> ingressClasses() {
        Set<String> classes = new TreeSet<>();
        labs.stream().map(CourseLabs::ingress).filter(Objects::nonNull).map(IngressSpec::getClassName)
                .filter(Objects::nonNull).forEach(classes::add);
        return classes;
    }

    boolean useTls() {
        return labs.stream().anyMatch(l -> ingress(l) != null && ingress(l).getTlsSecretName() != null);
    }

    /** The Gateways the labs name in access.gateway, with their hosts. */
    List<GatewayRef> gateways() {
        return labs.stream().map(l -> l.getSpec().accessOrDefault().getGateway())
                .filter(g -> g != null && g.getName() != null && g.getNamespace() != null)
                .map(g -> new GatewayRef(g.getName(), g.getNamespace(), g.getSectionName(), g.getHost(),
                        GatewayScheme.HTTPS))
                .toList();
    }

    /** The latest expiresAt of the labs. */
    Optional<Instant> end() {
        return labs.stream().map(l -> l.getSpec().getExpiresAt()).filter(Objects::nonNull)
                .map(t -> OffsetDateTime.parse(t).toInstant()).max(Instant::compareTo);
    }

    private static IngressSpec ingress(IotLab lab) {
        return lab.getSpec().accessOrDefault().getIngress();
    }

    /** A lab of the profile in {@code namespace}, to ask the model what a lab would request and run. */
    static Lab sample(String namespace, Profile profile) {
        IotLab lab = new IotLab();
        lab.setMetadata(new ObjectMetaBuilder().withName("doctor").withUid("doctor").build());
        IotLabSpec spec = new IotLabSpec();
        spec.setStudent(new Student("Doctor", null));
        spec.setNamespace(namespace);
        spec.setProfile(profile);
        lab.setSpec(spec);
        return new Lab(lab, OperatorSettings.defaults(), Instant.EPOCH);
    }
}
