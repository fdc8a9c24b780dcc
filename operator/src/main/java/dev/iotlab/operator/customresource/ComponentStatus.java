package dev.iotlab.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/** Readiness of one component, read from its workload. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ComponentStatus {
    private String name;
    private boolean enabled;
    private boolean ready;
    private Integer readyReplicas;
    private Integer replicas;
    private String message;

    public ComponentStatus() {
    }

    public ComponentStatus(String name, boolean enabled, boolean ready, Integer readyReplicas, Integer replicas, String message) {
        this.name = name;
        this.enabled = enabled;
        this.ready = ready;
        this.readyReplicas = readyReplicas;
        this.replicas = replicas;
        this.message = message;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public boolean isReady() { return ready; }
    public void setReady(boolean ready) { this.ready = ready; }
    public Integer getReadyReplicas() { return readyReplicas; }
    public void setReadyReplicas(Integer readyReplicas) { this.readyReplicas = readyReplicas; }
    public Integer getReplicas() { return replicas; }
    public void setReplicas(Integer replicas) { this.replicas = replicas; }
    public String getMessage() { return message; }
    public void setMessage(String message) { this.message = message; }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ComponentStatus c)) return false;
        return enabled == c.enabled && ready == c.ready && Objects.equals(name, c.name)
                && Objects.equals(readyReplicas, c.readyReplicas) && Objects.equals(replicas, c.replicas)
                && Objects.equals(message, c.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, enabled, ready, readyReplicas, replicas, message);
    }
}
