package dev.iotlab.operator.model;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import java.util.List;
import java.util.Map;

/** Builders for the plain objects the components share, so every one carries the lab's labels. */
public final class LabObjects {
    private LabObjects() {
    }

    public static ObjectMeta meta(Lab lab, String name, String component) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(lab.namespace())
                .withLabels(component == null ? Labels.forLab(lab) : Labels.forComponent(lab, component))
                .build();
    }

    public static ServicePort port(String name, int port) {
        return new ServicePortBuilder().withName(name).withPort(port).withTargetPort(new IntOrString(port))
                .withProtocol("TCP").build();
    }

    public static Service service(Lab lab, String name, String component, String type, List<ServicePort> ports) {
        return new ServiceBuilder()
                .withMetadata(meta(lab, name, component))
                .withNewSpec()
                    .withType(type)
                    .withSelector(Labels.selector(component))
                    .withPorts(ports)
                .endSpec()
                .build();
    }

    public static ConfigMap configMap(Lab lab, String name, String component, Map<String, String> data) {
        return new ConfigMapBuilder().withMetadata(meta(lab, name, component)).withData(data).build();
    }

    public static PersistentVolumeClaim volumeClaim(Lab lab, String name, String component, String size,
                                                    String storageClassName) {
        return new PersistentVolumeClaimBuilder()
                .withMetadata(meta(lab, name, component))
                .withNewSpec()
                    .withAccessModes("ReadWriteOnce")
                    .withStorageClassName(storageClassName)
                    .withNewResources().addToRequests("storage", new Quantity(size)).endResources()
                .endSpec()
                .build();
    }

    public static HTTPIngressPath ingressPath(String path, String pathType, String service, int port) {
        return new HTTPIngressPathBuilder()
                .withPath(path)
                .withPathType(pathType)
                .withNewBackend().withNewService().withName(service).withNewPort().withNumber(port).endPort()
                .endService().endBackend()
                .build();
    }
}
