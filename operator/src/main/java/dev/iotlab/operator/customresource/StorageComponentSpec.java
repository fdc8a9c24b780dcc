package dev.iotlab.operator.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** A component with a persistent volume. */
public class StorageComponentSpec extends ComponentSpec {
    @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$")
    @JsonPropertyDescription("Size of the data volume, e.g. 2Gi; the profile's default otherwise.")
    private String storage;

    @JsonPropertyDescription("StorageClass of the data volume; the cluster default otherwise.")
    private String storageClassName;

    public String getStorage() { return storage; }
    public void setStorage(String storage) { this.storage = storage; }
    public String getStorageClassName() { return storageClassName; }
    public void setStorageClassName(String storageClassName) { this.storageClassName = storageClassName; }
}
