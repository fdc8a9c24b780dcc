package dev.iotlab.operator.doctor;

import dev.iotlab.operator.doctor.ClusterDoctor.Check;
import dev.iotlab.operator.model.CrdSchema;
import dev.iotlab.operator.model.OperatorSettings;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** doctor's CRD line: the IotLab CRD is installed, and it is the one this jar was built with. */
final class CrdCheck {
    static final String NAME = "IotLab CRD";
    static final String CRD_NAME = "iotlabs.iotlab.dev";

    private CrdCheck() {
    }

    static Check check(KubernetesClient client) {
        CustomResourceDefinition installed = Lookups.orNull(() -> client.apiextensions().v1()
                .customResourceDefinitions().withName(CRD_NAME).get());
        String fix = "kubectl apply --server-side -f crds/iotlab.dev_iotlabs.yaml (or helm upgrade --install iotlab "
                + "charts/iotlab-operator), from the release of this jar (" + OperatorSettings.PROJECT_VERSION + ")";
        if (installed == null) {
            return Check.fail(NAME, "not installed", fix);
        }
        if (!sameVersions(installed, bundled())) {
            return Check.fail(NAME, "installed, but not the one of this jar (" + OperatorSettings.PROJECT_VERSION
                    + "): the schemas differ", fix);
        }
        return Check.ok(NAME, "installed, the same as this jar's (" + OperatorSettings.PROJECT_VERSION + ")");
    }

    /** The CRD generated from the model at build time, as the jar carries it. */
    static CustomResourceDefinition bundled() {
        try (InputStream in = CrdCheck.class.getClassLoader().getResourceAsStream(CrdSchema.RESOURCE)) {
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same versions with the same schemas (printer columns and the rest may be ordered differently). */
    static boolean sameVersions(CustomResourceDefinition installed, CustomResourceDefinition bundled) {
        List<CustomResourceDefinitionVersion> a = installed.getSpec().getVersions();
        List<CustomResourceDefinitionVersion> b = bundled.getSpec().getVersions();
        if (a.size() != b.size()) {
            return false;
        }
        // JSON trees: equal whatever the order of the keys the API server returns
        var mapper = Serialization.jsonMapper();
        for (CustomResourceDefinitionVersion version : b) {
            Optional<CustomResourceDefinitionVersion> other = a.stream()
                    .filter(v -> v.getName().equals(version.getName())).findFirst();
            if (other.isEmpty() || !mapper.valueToTree(other.get().getSchema()).equals(
                    mapper.valueToTree(version.getSchema()))) {
                return false;
            }
        }
        return true;
    }
}
