package dev.iotlab.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.iotlab.operator.cli.RenderCommand;
import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.model.CrdSchema;
import dev.iotlab.operator.model.OperatorSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The course chart: a roster in values, one valid IotLab per student, extremes included. */
class CourseChartTest {

    private static List<Map<String, Object>> render(String values) {
        return Charts.template(Charts.COURSE, "iot101", "courses", values);
    }

    /** Every rendered document is an IotLab the API server would accept and the operator can turn into a lab. */
    private static List<IotLab> assertValidLabs(List<Map<String, Object>> docs) {
        assertThat(docs).allSatisfy(d -> assertThat(d.get("kind")).isEqualTo("IotLab"));
        var mapper = Charts.YAML.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        return docs.stream().map(doc -> {
            assertThat(doc.get("apiVersion")).isEqualTo(IotLab.API_VERSION);
            assertThat(CrdSchema.validate(doc)).as("schema errors of %s", Charts.map(doc, "metadata").get("name"))
                    .isEmpty();
            IotLab lab = mapper.convertValue(doc, IotLab.class);
            List<HasMetadata> objects = RenderCommand.render(lab, OperatorSettings.defaults(), Clock.systemUTC());
            assertThat(objects).as("objects the operator makes for %s", lab.getMetadata().getName()).isNotEmpty();
            return lab;
        }).toList();
    }

    @Test
    void defaultValuesRenderNoLab() {
        assertThat(render(null)).isEmpty();
    }

    @Test
    void emptyRosterRendersNoLab() {
        assertThat(render("course: iot101\n" + Charts.roster(0))).isEmpty();
    }

    @Test
    void twoHundredStudentsGiveTwoHundredValidLabsInTheirOwnNamespaces() {
        List<IotLab> labs = assertValidLabs(render("course: iot101\n" + Charts.roster(200)));
        assertThat(labs).hasSize(200);
        assertThat(labs).extracting(l -> l.getMetadata().getName()).doesNotHaveDuplicates()
                .contains("iot101-s001", "iot101-s200");
        assertThat(labs).allSatisfy(l -> {
            assertThat(l.getSpec().getCourse()).isEqualTo("iot101");
            assertThat(l.getMetadata().getLabels()).containsEntry("iotlab.dev/course", "iot101");
        });
        assertThat(labs.get(0).getSpec().getStudent().getEmail()).isEqualTo("s001@example.edu");
        assertThat(labs.get(1).getSpec().getStudent().getEmail()).isNull();
    }

    @Test
    void courseDefaultsToTheReleaseName() {
        List<IotLab> labs = assertValidLabs(render(Charts.roster(1)));
        assertThat(labs.get(0).getMetadata().getName()).isEqualTo("iot101-s001");
        assertThat(labs.get(0).getSpec().getCourse()).isEqualTo("iot101");
    }

    @Test
    void everyComponentDisabled() {
        String values = """
                course: iot101
                defaults:
                  components:
                    emqx: {enabled: false}
                    influxdb: {enabled: false}
                    nodeRed: {enabled: false}
                    grafana: {enabled: false}
                    api: {enabled: false}
                    simulator: {enabled: false}
                """ + Charts.roster(3);
        List<IotLab> labs = assertValidLabs(render(values));
        assertThat(labs).hasSize(3).allSatisfy(l -> {
            var c = l.getSpec().getComponents();
            assertThat(List.of(c.getEmqx(), c.getInfluxdb(), c.getNodeRed(), c.getGrafana(), c.getApi(),
                    c.getSimulator())).allSatisfy(s -> assertThat(s.getEnabled()).isFalse());
        });
    }

    @Test
    void studentOverridesWinFieldByFieldOverCourseDefaults() {
        String values = """
                course: iot101
                defaults:
                  profile: small
                  expiresAt: "2027-01-31T18:00:00Z"
                  suspend: true
                  mqttServiceType: NodePort
                  ingress: {domain: labs.example.edu, className: nginx, tlsSecretName: labs-tls}
                  components:
                    nodeRed: {enabled: true, storage: 2Gi}
                    simulator: {intervalSeconds: 10}
                students:
                  - {id: alice, name: Alice Example, email: alice@example.edu}
                  - id: bob
                    name: Bob Builder
                    profile: standard
                    suspend: false
                    expiresAt: "2027-06-30T18:00:00Z"
                    ingressHost: bob.other.example.edu
                    mqttServiceType: LoadBalancer
                    namespace: bob-lab
                    components:
                      nodeRed: {enabled: false}
                      simulator: {scenario: smart-home}
                """;
        List<IotLab> labs = assertValidLabs(render(values));
        IotLab alice = labs.get(0);
        IotLab bob = labs.get(1);

        assertThat(alice.getSpec().getProfile().name()).isEqualTo("SMALL");
        assertThat(alice.getSpec().getSuspend()).isTrue();
        assertThat(alice.getSpec().getExpiresAt()).isEqualTo("2027-01-31T18:00:00Z");
        assertThat(alice.getSpec().getAccess().getIngress().getHost()).isEqualTo("alice.labs.example.edu");
        assertThat(alice.getSpec().getAccess().getIngress().getClassName()).isEqualTo("nginx");
        assertThat(alice.getSpec().getAccess().getIngress().getTlsSecretName()).isEqualTo("labs-tls");
        assertThat(alice.getSpec().getAccess().getMqttServiceType().name()).isEqualTo("NodePort");
        assertThat(alice.getSpec().getComponents().getNodeRed().getEnabled()).isTrue();
        assertThat(alice.getSpec().getComponents().getNodeRed().getStorage()).isEqualTo("2Gi");
        assertThat(alice.getSpec().getNamespace()).isNull();

        assertThat(bob.getSpec().getProfile().name()).isEqualTo("STANDARD");
        assertThat(bob.getSpec().getSuspend()).as("a student's false beats the course's true").isFalse();
        assertThat(bob.getSpec().getExpiresAt()).isEqualTo("2027-06-30T18:00:00Z");
        assertThat(bob.getSpec().getAccess().getIngress().getHost()).isEqualTo("bob.other.example.edu");
        assertThat(bob.getSpec().getAccess().getMqttServiceType().name()).isEqualTo("LoadBalancer");
        assertThat(bob.getSpec().getNamespace()).isEqualTo("bob-lab");
        assertThat(bob.getSpec().getComponents().getNodeRed().getEnabled()).isFalse();
        assertThat(bob.getSpec().getComponents().getNodeRed().getStorage()).isEqualTo("2Gi");
        assertThat(bob.getSpec().getComponents().getSimulator().getIntervalSeconds()).isEqualTo(10);
        assertThat(bob.getSpec().getComponents().getSimulator().getScenario()).isEqualTo("smart-home");
    }

    @Test
    void aGatewayDomainGivesEachStudentAnHttpRouteHostInsteadOfAnIngress() {
        List<IotLab> labs = assertValidLabs(render("""
                course: iot101
                defaults:
                  gateway: {domain: labs.example.edu, name: labs, namespace: gateways, sectionName: https}
                students:
                  - {id: alice, name: Alice}
                  - {id: bob, name: Bob, gatewayHost: bob.other.example.edu}
                  - {id: cleo, name: Cleo, ingressHost: cleo.old.example.edu}
                """));
        var alice = labs.get(0).getSpec().getAccess();
        assertThat(alice.getIngress()).isNull();
        assertThat(alice.getGateway().getHost()).isEqualTo("alice.labs.example.edu");
        assertThat(alice.getGateway().getName()).isEqualTo("labs");
        assertThat(alice.getGateway().getNamespace()).isEqualTo("gateways");
        assertThat(alice.getGateway().getSectionName()).isEqualTo("https");
        assertThat(labs.get(1).getSpec().getAccess().getGateway().getHost()).isEqualTo("bob.other.example.edu");
        assertThat(labs.get(2).getSpec().getAccess().getGateway()).as("a student's own ingress host wins").isNull();
        assertThat(labs.get(2).getSpec().getAccess().getIngress().getHost()).isEqualTo("cleo.old.example.edu");

        var operatorDefault = Charts.map(render("course: iot101\ndefaults: {gateway: {domain: labs.example.edu}}\n"
                + Charts.roster(1)).get(0), "spec", "access", "gateway");
        assertThat(operatorDefault).as("no name: the operator's default gateway").doesNotContainKeys("name", "namespace");
    }

    @Test
    void anIngressDomainAndAGatewayDomainTogetherAreRefused() {
        assertThatThrownBy(() -> render("course: iot101\ndefaults: {ingress: {domain: a.edu}, gateway: {domain: b.edu}}\n"
                + Charts.roster(1))).hasMessageContaining("choose one");
        assertThatThrownBy(() -> render("course: iot101\ndefaults: {gateway: {domain: b.edu, name: labs}}\n"
                + Charts.roster(1))).hasMessageContaining("set both name and namespace");
        assertThatThrownBy(() -> render("course: iot101\nstudents: [{id: a, name: A, ingressHost: a.edu, gatewayHost: b.edu}]\n"))
                .hasMessageContaining("students[0] (a): ingressHost and gatewayHost are both set");
    }

    @Test
    void noIngressWithoutADomain() {
        List<IotLab> labs = assertValidLabs(render("course: iot101\n" + Charts.roster(1)));
        assertThat(labs.get(0).getSpec().getAccess().getIngress()).isNull();
    }

    @Test
    void aDuplicateStudentIdIsRefusedWithItsPosition() {
        assertThatThrownBy(() -> render("""
                course: iot101
                students:
                  - {id: alice, name: Alice}
                  - {id: alice, name: Alice Again}
                """)).hasMessageContaining("students[1]: id \"alice\" is already used");
    }

    @Test
    void badValuesAreRefusedByTheValuesSchema() {
        assertThatThrownBy(() -> render("course: IoT 101\n")).hasMessageContaining("course");
        assertThatThrownBy(() -> render("course: iot101\nstudents:\n  - {id: alice}\n"))
                .hasMessageContaining("name");
        assertThatThrownBy(() -> render("course: iot101\nstudents:\n  - {id: Alice_1, name: A}\n"))
                .hasMessageContaining("id");
        assertThatThrownBy(() -> render("course: iot101\ndefaults: {expiresAt: tomorrow}\n"))
                .hasMessageContaining("expiresAt");
        assertThatThrownBy(() -> render("course: iot101\ndefaults: {components: {kafka: {enabled: true}}}\n"))
                .hasMessageContaining("kafka");
    }

    @Test
    void aReleaseNameThatIsNoCourseLabelSaysToSetCourse() {
        assertThatThrownBy(() -> Charts.template(Charts.COURSE, "a-release-name-far-too-long-for-a-course", "x",
                Charts.roster(1))).hasMessageContaining("set course: in values");
    }
}
