package dev.iotlab.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.className) || has(self.flavour) || self.className in ['nginx', 'traefik']",
        message = "spec.access.ingress.className has no recipe in the operator; supported: nginx, traefik. If your "
                + "IngressClass is one of those controllers under another name, set spec.access.ingress.flavour "
                + "(nginx or traefik)")
public class IngressSpec {
    @Required
    @Size(max = 253)
    @Pattern(GatewaySpec.HOSTNAME)
    @JsonPropertyDescription("The student's host name, e.g. alice.labs.example.edu; one host per student, a path per UI.")
    private String host;

    @Size(max = 253)
    @JsonPropertyDescription("IngressClass: nginx or traefik (each has its recipe), another name with flavour set, "
            + "or unset for the cluster default class (nginx recipe unless flavour says otherwise).")
    private String className;

    @JsonPropertyDescription("Recipe for the controller behind className: nginx (annotations) or traefik (Middleware "
            + "objects). Default: from className, nginx when className is unset.")
    private IngressFlavour flavour;

    @JsonPropertyDescription("Secret with the TLS certificate for the host (in the lab namespace); plain HTTP when unset.")
    private String tlsSecretName;

    /** The recipe: explicit, else named by the class, else nginx (what the operator always did). */
    public IngressFlavour flavourOrDefault() {
        if (flavour != null) {
            return flavour;
        }
        return className == null ? IngressFlavour.NGINX : IngressFlavour.ofClassName(className).orElse(null);
    }

    public String getHost() { return host; }
    public void setHost(String host) { this.host = host; }
    public String getClassName() { return className; }
    public void setClassName(String className) { this.className = className; }
    public IngressFlavour getFlavour() { return flavour; }
    public void setFlavour(IngressFlavour flavour) { this.flavour = flavour; }
    public String getTlsSecretName() { return tlsSecretName; }
    public void setTlsSecretName(String tlsSecretName) { this.tlsSecretName = tlsSecretName; }
}
