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
