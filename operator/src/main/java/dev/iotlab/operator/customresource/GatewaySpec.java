package dev.iotlab.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Access through a Gateway API Gateway: the operator makes one HTTPRoute in the lab namespace, attached to this
 * Gateway. The listener (and its TLS certificate) belongs to the Gateway; the lab only names it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.name) == has(self.__namespace__)",
        message = "spec.access.gateway: give both name and namespace of the Gateway, or neither to use the operator's "
                + "default gateway")
public class GatewaySpec {
    public static final String HOSTNAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    @Size(max = 253)
    @Pattern(HOSTNAME)
    @JsonPropertyDescription("Name of the Gateway; unset: the operator's default gateway (iotlab.gateway.name).")
    private String name;

    @Size(max = 63)
    @Pattern(DNS_LABEL)
    @JsonPropertyDescription("Namespace of the Gateway; set together with name.")
    private String namespace;

    @Size(max = 253)
    @Pattern(HOSTNAME)
    @JsonPropertyDescription("Listener of the Gateway to attach to (its sectionName); unset: every listener that allows the route.")
    private String sectionName;

    @Size(max = 253)
    @Pattern(HOSTNAME)
    @JsonPropertyDescription("The student's host name, e.g. alice.labs.example.edu; default <lab name>.<the operator's iotlab.gateway.domain>.")
    private String host;

    @JsonPropertyDescription("Whether students reach the listener over https (default, the certificate lives with the "
            + "Gateway) or plain http; only used to write the lab's URLs.")
    private GatewayScheme scheme;

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getNamespace() { return namespace; }
    public void setNamespace(String namespace) { this.namespace = namespace; }
    public String getSectionName() { return sectionName; }
    public void setSectionName(String sectionName) { this.sectionName = sectionName; }
    public String getHost() { return host; }
    public void setHost(String host) { this.host = host; }
    public GatewayScheme getScheme() { return scheme; }
    public void setScheme(GatewayScheme scheme) { this.scheme = scheme; }
}
