package dev.iotlab.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/** Where a student reaches one service: in the cluster, and from outside when the lab has an ingress. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Endpoint {
    private String name;
    private String internal;
    private String external;

    public Endpoint() {
    }

    public Endpoint(String name, String internal, String external) {
        this.name = name;
        this.internal = internal;
        this.external = external;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getInternal() { return internal; }
    public void setInternal(String internal) { this.internal = internal; }
    public String getExternal() { return external; }
    public void setExternal(String external) { this.external = external; }

    @Override
    public boolean equals(Object o) {
        return o instanceof Endpoint e && Objects.equals(name, e.name) && Objects.equals(internal, e.internal)
                && Objects.equals(external, e.external);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, internal, external);
    }
}
