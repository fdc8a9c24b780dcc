package dev.iotlab.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.__namespace__) == has(oldSelf.__namespace__) && (!has(self.__namespace__) || self.__namespace__ == oldSelf.__namespace__)",
        message = "spec.namespace cannot change after the lab is created; delete the lab and create it again with the new namespace")
@ValidationRule(value = "(has(self.components) && has(self.components.influxdb) && has(self.components.influxdb.org) ? self.components.influxdb.org : 'iot-org') == (has(oldSelf.components) && has(oldSelf.components.influxdb) && has(oldSelf.components.influxdb.org) ? oldSelf.components.influxdb.org : 'iot-org')",
        fieldPath = ".components.influxdb.org",
        message = "spec.components.influxdb.org is read by InfluxDB only when it is set up, on the lab's first start, and cannot change afterwards (the services would use names the database does not have). Put the old value back; for a lab with the new value, delete this IotLab (its data is deleted with it) and create it again")
@ValidationRule(value = "(has(self.components) && has(self.components.influxdb) && has(self.components.influxdb.bucket) ? self.components.influxdb.bucket : 'iot-data') == (has(oldSelf.components) && has(oldSelf.components.influxdb) && has(oldSelf.components.influxdb.bucket) ? oldSelf.components.influxdb.bucket : 'iot-data')",
        fieldPath = ".components.influxdb.bucket",
        message = "spec.components.influxdb.bucket is read by InfluxDB only when it is set up, on the lab's first start, and cannot change afterwards (the services would use names the database does not have). Put the old value back; for a lab with the new value, delete this IotLab (its data is deleted with it) and create it again")
@ValidationRule(value = "(has(self.components) && has(self.components.influxdb) && has(self.components.influxdb.retention) ? self.components.influxdb.retention : '30d') == (has(oldSelf.components) && has(oldSelf.components.influxdb) && has(oldSelf.components.influxdb.retention) ? oldSelf.components.influxdb.retention : '30d')",
        fieldPath = ".components.influxdb.retention",
        message = "spec.components.influxdb.retention is read by InfluxDB only when it is set up, on the lab's first start, and cannot change afterwards (the database would keep the old retention). Put the old value back; for a lab with the new value, delete this IotLab (its data is deleted with it) and create it again")
@ValidationRule(value = "(has(self.components) && has(self.components.emqx) && has(self.components.emqx.storageClassName) ? self.components.emqx.storageClassName : '') == (has(oldSelf.components) && has(oldSelf.components.emqx) && has(oldSelf.components.emqx.storageClassName) ? oldSelf.components.emqx.storageClassName : '')",
        fieldPath = ".components.emqx.storageClassName",
        message = "spec.components.emqx.storageClassName cannot change: a volume keeps the StorageClass it was made with. Put the old value back; for a volume of another class, delete this IotLab (its data is deleted with it) and create it again")
@ValidationRule(value = "(has(self.components) && has(self.components.influxdb) && has(self.components.influxdb.storageClassName) ? self.components.influxdb.storageClassName : '') == (has(oldSelf.components) && has(oldSelf.components.influxdb) && has(oldSelf.components.influxdb.storageClassName) ? oldSelf.components.influxdb.storageClassName : '')",
        fieldPath = ".components.influxdb.storageClassName",
        message = "spec.components.influxdb.storageClassName cannot change: a volume keeps the StorageClass it was made with. Put the old value back; for a volume of another class, delete this IotLab (its data is deleted with it) and create it again")
@ValidationRule(value = "(has(self.components) && has(self.components.nodeRed) && has(self.components.nodeRed.storageClassName) ? self.components.nodeRed.storageClassName : '') == (has(oldSelf.components) && has(oldSelf.components.nodeRed) && has(oldSelf.components.nodeRed.storageClassName) ? oldSelf.components.nodeRed.storageClassName : '')",
        fieldPath = ".components.nodeRed.storageClassName",
        message = "spec.components.nodeRed.storageClassName cannot change: a volume keeps the StorageClass it was made with. Put the old value back; for a volume of another class, delete this IotLab (its data is deleted with it) and create it again")
@ValidationRule(value = "(has(self.components) && has(self.components.grafana) && has(self.components.grafana.storageClassName) ? self.components.grafana.storageClassName : '') == (has(oldSelf.components) && has(oldSelf.components.grafana) && has(oldSelf.components.grafana.storageClassName) ? oldSelf.components.grafana.storageClassName : '')",
        fieldPath = ".components.grafana.storageClassName",
        message = "spec.components.grafana.storageClassName cannot change: a volume keeps the StorageClass it was made with. Put the old value back; for a volume of another class, delete this IotLab (its data is deleted with it) and create it again")
public class IotLabSpec {
    /** RFC 3339 date-time, as `kubectl` users write it, e.g. 2027-01-31T18:00:00Z. */
    public static final String RFC3339 = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$";
    public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    @Required
    @JsonPropertyDescription("Who the lab is for; only student.name is required.")
    private Student student;

    @Size(max = 63)
    @Pattern(DNS_LABEL)
    @JsonPropertyDescription("Course label used to group labs, e.g. iot101 (lower-case letters, digits and '-').")
    private String course;

    @Size(max = 63)
    @Pattern(DNS_LABEL)
    @ValidationRule(value = "!(self in ['default', 'kube-system', 'kube-public', 'kube-node-lease']) && !self.startsWith('kube-')",
            message = "spec.namespace must not be a system namespace (default, kube-*); leave it unset to get iotlab-<name>")
    @JsonPropertyDescription("Namespace the lab owns; default iotlab-<metadata.name>. Must not exist already.")
    private String namespace;

    @JsonPropertyDescription("Size profile: small (default) or standard.")
    private Profile profile;

    @JsonPropertyDescription("Scale every workload to zero and keep the data (between sessions).")
    private Boolean suspend;

    @Pattern(RFC3339)
    @JsonPropertyDescription("When the lab expires (RFC 3339, e.g. 2027-01-31T18:00:00Z); it is then suspended and its phase is Expired.")
    private String expiresAt;

    @JsonPropertyDescription("Per-component settings; every component is enabled by default.")
    private ComponentsSpec components;

    @JsonPropertyDescription("How students reach the lab from outside the cluster.")
    private AccessSpec access;

    public Profile profileOrDefault() { return profile == null ? Profile.SMALL : profile; }
    public boolean suspendRequested() { return Boolean.TRUE.equals(suspend); }
    public ComponentsSpec componentsOrDefault() { return components == null ? new ComponentsSpec() : components; }
    public AccessSpec accessOrDefault() { return access == null ? new AccessSpec() : access; }

    public Student getStudent() { return student; }
    public void setStudent(Student student) { this.student = student; }
    public String getCourse() { return course; }
    public void setCourse(String course) { this.course = course; }
    public String getNamespace() { return namespace; }
    public void setNamespace(String namespace) { this.namespace = namespace; }
    public Profile getProfile() { return profile; }
    public void setProfile(Profile profile) { this.profile = profile; }
    public Boolean getSuspend() { return suspend; }
    public void setSuspend(Boolean suspend) { this.suspend = suspend; }
    public String getExpiresAt() { return expiresAt; }
    public void setExpiresAt(String expiresAt) { this.expiresAt = expiresAt; }
    public ComponentsSpec getComponents() { return components; }
    public void setComponents(ComponentsSpec components) { this.components = components; }
    public AccessSpec getAccess() { return access; }
    public void setAccess(AccessSpec access) { this.access = access; }
}
