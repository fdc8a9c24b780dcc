package dev.iotlab.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** What every component takes: enable/disable, an image override and a resources override. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ComponentSpec {
    /** Only cpu and memory: a rule over every key of the maps costs more than the API server allows. */
    static final String REQUEST_NOT_ABOVE_LIMIT = "!has(self.requests) || !has(self.limits) || ("
            + "(!('cpu' in self.requests) || !('cpu' in self.limits) || quantity(string(self.requests['cpu'])).compareTo(quantity(string(self.limits['cpu']))) <= 0)"
            + " && (!('memory' in self.requests) || !('memory' in self.limits) || quantity(string(self.requests['memory'])).compareTo(quantity(string(self.limits['memory']))) <= 0))";

    @JsonPropertyDescription("Run this component (default true). A disabled component's objects are removed; its data volume is kept.")
    private Boolean enabled;

    @Pattern("^[^\\s:@]+(:[^\\s:@/]+)?(@sha256:[a-f0-9]{64})?$")
    @JsonPropertyDescription("Image override, pinned to a tag or digest, e.g. emqx/emqx:5.8.6.")
    private String image;

    @ValidationRule(value = REQUEST_NOT_ABOVE_LIMIT, message = "resources: a request must not be above its limit "
            + "(Kubernetes refuses such a Pod); raise the limit or lower the request")
    @JsonPropertyDescription("Requests and limits override, key by key over the profile's defaults; a request above the profile's limit raises the limit with it.")
    private ResourceRequirements resources;

    public boolean enabledOrDefault() {
        return enabled == null || enabled;
    }

    public Boolean getEnabled() { return enabled; }
    public void setEnabled(Boolean enabled) { this.enabled = enabled; }
    public String getImage() { return image; }
    public void setImage(String image) { this.image = image; }
    public ResourceRequirements getResources() { return resources; }
    public void setResources(ResourceRequirements resources) { this.resources = resources; }
}
