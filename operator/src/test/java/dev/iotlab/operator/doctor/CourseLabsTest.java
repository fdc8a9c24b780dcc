package dev.iotlab.operator.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlab.operator.customresource.Profile;
import dev.iotlab.operator.model.GatewayRef;
import dev.iotlab.operator.model.TestLabs;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What doctor plans for from the course's labs, and what it falls back to without a course. */
class CourseLabsTest {

    @Test
    void theLabsGiveStudentsProfileIngressGatewaysTlsAndTheCourseEnd() {
        CourseLabs course = new CourseLabs(List.of(
                TestLabs.resource("a", "student: {name: A}\nexpiresAt: \"2027-01-31T18:00:00Z\"\n"
                        + "access: {ingress: {host: a.labs.example.edu, className: nginx, tlsSecretName: labs-tls}}"),
                TestLabs.resource("b", "student: {name: B}\nprofile: standard\nexpiresAt: \"2027-02-28T18:00:00+01:00\"\n"
                        + "access: {gateway: {name: labs, namespace: gateways, host: b.labs.example.edu}}"),
                TestLabs.resource("c", "student: {name: C}")));
        assertThat(course.students(null)).isEqualTo(3);
        assertThat(course.students(40)).isEqualTo(40);
        assertThat(course.profile(null)).as("standard when any lab is").isEqualTo(Profile.STANDARD);
        assertThat(course.profile(Profile.SMALL)).isEqualTo(Profile.SMALL);
        assertThat(course.anyIngress()).isTrue();
        assertThat(course.ingressClasses()).containsExactly("nginx");
        assertThat(course.useTls()).isTrue();
        assertThat(course.gateways()).extracting(GatewayRef::namespace, GatewayRef::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("gateways", "labs"));
        assertThat(course.end()).contains(Instant.parse("2027-02-28T17:00:00Z"));
    }

    @Test
    void withoutACourseOneSmallLabNoIngressNoTlsNoEnd() {
        CourseLabs none = CourseLabs.read(null, null);
        assertThat(none.students(null)).isEqualTo(1);
        assertThat(none.profile(null)).isEqualTo(Profile.SMALL);
        assertThat(none.anyIngress()).isFalse();
        assertThat(none.useTls()).isFalse();
        assertThat(none.gateways()).isEmpty();
        assertThat(none.end()).isEmpty();
    }

    @Test
    void theSampleLabIsOfTheProfileInTheNamespace() {
        var lab = CourseLabs.sample("iotlab-sizing", Profile.STANDARD);
        assertThat(lab.namespace()).isEqualTo("iotlab-sizing");
        assertThat(lab.profile()).isEqualTo(Profile.STANDARD);
    }
}
