package dev.iotlab.operator.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** A component with a persistent volume. */
public class StorageComponentSpec extends ComponentSpec {
    public static final String MIN_STORAGE = "64Mi";

    @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$")
    @ValidationRule(value = "!isQuantity(self) || quantity(self).compareTo(quantity('" + MIN_STORAGE + "')) >= 0",
            message = "storage must be at least " + MIN_STORAGE + ", e.g. 1Gi (a volume of zero bytes is refused)")
    @ValidationRule(value = "!isQuantity(self) || !isQuantity(oldSelf) || quantity(self).compareTo(quantity(oldSelf)) >= 0",
            message = "storage can only grow: a volume cannot shrink. Growing works where the StorageClass allows "
                    + "volume expansion; for a smaller volume, delete this IotLab (its data is deleted with it) and "
                    + "create it again")
    @JsonPropertyDescription("Size of the data volume, e.g. 2Gi; the profile's default otherwise. Can only grow.")
    private String storage;

    @JsonPropertyDescription("StorageClass of the data volume; the cluster default otherwise. Cannot change later.")
    private String storageClassName;

    public String getStorage() { return storage; }
    public void setStorage(String storage) { this.storage = storage; }
    public String getStorageClassName() { return storageClassName; }
    public void setStorageClassName(String storageClassName) { this.storageClassName = storageClassName; }
}
