package dev.iotlab.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the instructor sees. Never holds a secret value: only the name of the Secret that has them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IotLabStatus {
    private Phase phase;
    private String message;
    private Long observedGeneration;
    private String namespace;
    private String credentialsSecret;
    /** The one URL for `kubectl get`: external API URL with an ingress, else the in-cluster MQTT address. */
    private String endpoint;
    private List<Condition> conditions = new ArrayList<>();
    private List<ComponentStatus> components = new ArrayList<>();
    private List<Endpoint> endpoints = new ArrayList<>();
    /** Absent until the lab's API has reported once (or when the API is disabled). */
    private LabProgress progress;

    public Phase getPhase() { return phase; }
    public void setPhase(Phase phase) { this.phase = phase; }
    public String getMessage() { return message; }
    public void setMessage(String message) { this.message = message; }
    public Long getObservedGeneration() { return observedGeneration; }
    public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
    public String getNamespace() { return namespace; }
    public void setNamespace(String namespace) { this.namespace = namespace; }
    public String getCredentialsSecret() { return credentialsSecret; }
    public void setCredentialsSecret(String credentialsSecret) { this.credentialsSecret = credentialsSecret; }
    public String getEndpoint() { return endpoint; }
    public void setEndpoint(String endpoint) { this.endpoint = endpoint; }
    public List<Condition> getConditions() { return conditions; }
    public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
    public List<ComponentStatus> getComponents() { return components; }
    public void setComponents(List<ComponentStatus> components) { this.components = components; }
    public List<Endpoint> getEndpoints() { return endpoints; }
    public void setEndpoints(List<Endpoint> endpoints) { this.endpoints = endpoints; }
    public LabProgress getProgress() { return progress; }
    public void setProgress(LabProgress progress) { this.progress = progress; }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof IotLabStatus s)) return false;
        return phase == s.phase && Objects.equals(message, s.message)
                && Objects.equals(observedGeneration, s.observedGeneration)
                && Objects.equals(namespace, s.namespace) && Objects.equals(credentialsSecret, s.credentialsSecret)
                && Objects.equals(endpoint, s.endpoint) && Objects.equals(conditions, s.conditions)
                && Objects.equals(components, s.components) && Objects.equals(endpoints, s.endpoints)
                && Objects.equals(progress, s.progress);
    }

    @Override
    public int hashCode() {
        return Objects.hash(phase, message, observedGeneration, namespace, credentialsSecret, endpoint, conditions,
                components, endpoints, progress);
    }
}
