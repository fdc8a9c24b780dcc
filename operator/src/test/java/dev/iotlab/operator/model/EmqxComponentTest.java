package dev.iotlab.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmqxComponentTest {

    @Test
    void mqttServiceTypeFollowsTheSpecAndTheDashboardStaysInside() {
        Lab lab = TestLabs.lab("student: {name: A}\naccess: {mqttServiceType: NodePort}");
        List<Service> services = Components.EMQX.services(lab);
        assertThat(services).extracting(s -> s.getSpec().getType()).containsExactly("NodePort", "ClusterIP");
        assertThat(LabQuota.resourceQuota(lab).getSpec().getHard().get("services.nodeports")).isEqualTo(new Quantity("2"));
    }

    @Test
    void emqxKeepsItsDataOnAVolumeThatSuspendKeeps() {
        Lab lab = TestLabs.minimal();
        EmqxComponent emqx = Components.EMQX;
        assertThat(emqx.volumeClaims(lab)).extracting(c -> c.getMetadata().getName()).containsExactly("emqx-data");
        var data = emqx.deployment(lab).getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("data")).findFirst().orElseThrow();
        assertThat(data.getPersistentVolumeClaim().getClaimName()).isEqualTo("emqx-data");
        assertThat(data.getEmptyDir()).isNull();
        Lab suspended = TestLabs.lab("student: {name: A}\nsuspend: true");
        assertThat(LabResources.all(suspended)).anyMatch(o -> o.getMetadata().getName().equals("emqx-data"));
        assertThat(emqx.volumeClaims(TestLabs.lab("student: {name: A}\ncomponents: {emqx: {storage: 2Gi}}")).get(0)
                .getSpec().getResources().getRequests().get("storage")).isEqualTo(new Quantity("2Gi"));
    }
}
