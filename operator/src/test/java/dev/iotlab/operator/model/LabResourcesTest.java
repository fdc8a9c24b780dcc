package dev.iotlab.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabResourcesTest {

    @Test
    void minimalLabGetsEveryObjectInItsOwnNamespace() {
        Lab lab = TestLabs.minimal();
        List<HasMetadata> all = LabResources.all(lab);
        assertThat(lab.namespace()).isEqualTo("iotlab-alice");
        assertThat(all.get(0)).isInstanceOf(Namespace.class);
        assertThat(all.stream().skip(1)).allMatch(o -> "iotlab-alice".equals(o.getMetadata().getNamespace()));
        assertThat(all).filteredOn(Deployment.class::isInstance).extracting(o -> o.getMetadata().getName())
                .containsExactly("emqx", "influxdb", "node-red", "grafana", "api", "simulator");
        assertThat(all).extracting(HasMetadata::getKind).contains("ResourceQuota", "LimitRange", "NetworkPolicy",
                "ServiceAccount", "Role", "RoleBinding", "PersistentVolumeClaim", "ConfigMap", "Service");
        assertThat(all).noneMatch(Ingress.class::isInstance);
        assertThat(all).as("the random Secret is made by its own creator-only dependent")
                .noneMatch(Secret.class::isInstance);
        assertThat(all).allMatch(o -> Labels.MANAGED_BY_VALUE.equals(o.getMetadata().getLabels().get(Labels.MANAGED_BY)));
        assertThat(all).allMatch(o -> "alice".equals(o.getMetadata().getLabels().get(Labels.LAB)));
    }

    @Test
    void sameSpecRendersTheSameObjects() {
        assertThat(LabResources.all(TestLabs.minimal())).isEqualTo(LabResources.all(TestLabs.minimal()));
    }
}
