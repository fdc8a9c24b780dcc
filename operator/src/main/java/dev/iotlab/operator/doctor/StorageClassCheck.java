package dev.iotlab.operator.doctor;

import dev.iotlab.operator.doctor.ClusterDoctor.Check;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;

/** doctor's StorageClass line: there is a default class, else the labs' volume claims stay Pending. */
final class StorageClassCheck {
    static final String NAME = "StorageClass";
    static final String DEFAULT_STORAGE_CLASS = "storageclass.kubernetes.io/is-default-class";

    private StorageClassCheck() {
    }

    static Check check(KubernetesClient client) {
        String fix = "install a storage provisioner and mark its class default: kubectl patch storageclass <name> -p "
                + "'{\"metadata\":{\"annotations\":{\"" + DEFAULT_STORAGE_CLASS + "\":\"true\"}}}' "
                + "(it must honour fsGroup: most CSI drivers do, hostPath volumes do not)";
        List<StorageClass> all = Lookups.orEmpty(() -> client.storage().v1().storageClasses().list().getItems());
        Optional<String> defaultClass = all.stream()
                .filter(c -> Lookups.isDefault(c.getMetadata(), DEFAULT_STORAGE_CLASS))
                .map(c -> c.getMetadata().getName()).findFirst();
        if (defaultClass.isEmpty()) {
            return Check.fail(NAME, "no default StorageClass: the labs' volumes would stay Pending"
                    + (all.isEmpty() ? "" : " (classes: " + all.stream().map(c -> c.getMetadata().getName()).toList()
                    + ")"), fix);
        }
        return Check.ok(NAME, "default " + defaultClass.get());
    }
}
