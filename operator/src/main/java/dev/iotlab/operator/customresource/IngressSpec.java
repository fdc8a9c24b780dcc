package dev.iotlab.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class IngressSpec {
    @Required
    @Size(max = 253)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
    @JsonPropertyDescription("The student's host name, e.g. alice.labs.example.edu; one host per student, a path per UI.")
    private String host;

    @JsonPropertyDescription("IngressClass, e.g. nginx; the cluster default otherwise.")
    private String className;

    @JsonPropertyDescription("Secret with the TLS certificate for the host (in the lab namespace); plain HTTP when unset.")
    private String tlsSecretName;

    public String getHost() { return host; }
    public void setHost(String host) { this.host = host; }
    public String getClassName() { return className; }
    public void setClassName(String className) { this.className = className; }
    public String getTlsSecretName() { return tlsSecretName; }
    public void setTlsSecretName(String tlsSecretName) { this.tlsSecretName = tlsSecretName; }
}
