package dev.iotlab.operator.customresource;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One student's lab. Cluster-scoped on purpose: a lab owns a namespace, and a namespaced resource could not
 * own the namespace it lives in. (It deliberately does not implement {@link Namespaced}.)
 */
@Group(IotLab.GROUP)
@Version(IotLab.VERSION)
@Kind("IotLab")
@Plural("iotlabs")
@Singular("iotlab")
@ShortNames("lab")
@AdditionalPrinterColumn(name = "Student", jsonPath = ".spec.student.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Course", jsonPath = ".spec.course", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Progress", jsonPath = ".status.progress.summary", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Endpoint", jsonPath = ".status.endpoint", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class IotLab extends CustomResource<IotLabSpec, IotLabStatus> {
    public static final String GROUP = "iotlab.dev";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    @Override
    protected IotLabSpec initSpec() {
        return new IotLabSpec();
    }

    @Override
    protected IotLabStatus initStatus() {
        return new IotLabStatus();
    }
}
