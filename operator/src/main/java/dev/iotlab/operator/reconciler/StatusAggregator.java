package dev.iotlab.operator.reconciler;

import dev.iotlab.operator.customresource.ComponentStatus;
import dev.iotlab.operator.customresource.Endpoint;
import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.customresource.IotLabStatus;
import dev.iotlab.operator.customresource.LabProgress;
import dev.iotlab.operator.customresource.Phase;
import dev.iotlab.operator.model.ApiComponent;
import dev.iotlab.operator.model.Component;
import dev.iotlab.operator.model.Components;
import dev.iotlab.operator.model.EmqxComponent;
import dev.iotlab.operator.model.ExposedBroker;
import dev.iotlab.operator.model.Lab;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns what the workloads report into the status an instructor reads. Pure: no client, no clock of its own. */
public final class StatusAggregator {
    private StatusAggregator() {
    }

    public static IotLabStatus running(Lab lab, Map<String, Deployment> deployments, List<String> warnings,
                                       IotLabStatus previous, Instant now) {
        return running(lab, deployments, Optional.empty(), warnings, previous, now);
    }

    /**
     * Status of a lab whose workflow ran; deployments are the lab's Deployments by name, mqttService the EMQX
     * Service as the cluster filled it in (node port, load-balancer address).
     */
    public static IotLabStatus running(Lab lab, Map<String, Deployment> deployments, Optional<Service> mqttService,
                                       List<String> warnings, IotLabStatus previous, Instant now) {
        return running(lab, deployments, mqttService, warnings, Optional.empty(), previous, now);
    }

    /** The same, with what is known about the lab's external access (condition ExternalAccess). */
    public static IotLabStatus running(Lab lab, Map<String, Deployment> deployments, Optional<Service> mqttService,
                                       List<String> warnings, Optional<ExternalAccess> access,
                                       IotLabStatus previous, Instant now) {
        return running(lab, deployments, mqttService, warnings, access, Optional.empty(), previous, now);
    }

    /** ... and progress what the lab's API last reported (see ProgressReport); absent = no progress shown. */
    public static IotLabStatus running(Lab lab, Map<String, Deployment> deployments, Optional<Service> mqttService,
                                       List<String> warnings, Optional<ExternalAccess> access,
                                       Optional<LabProgress> progress, IotLabStatus previous, Instant now) {
        IotLab resource = lab.resource();
        Long generation = resource.getMetadata().getGeneration();
        List<ComponentStatus> components = new ArrayList<>();
        List<String> notReady = new ArrayList<>();
        for (Component c : Components.ALL) {
            if (!c.enabled(lab)) {
                components.add(new ComponentStatus(c.name(), false, false, null, null, "disabled"));
                continue;
            }
            ComponentStatus cs = componentStatus(c.name(), deployments.get(c.name()), lab.scaledDown());
            components.add(cs);
            if (!cs.isReady()) {
                notReady.add(c.name());
            }
        }
        List<Condition> prev = previous == null ? List.of() : previous.getConditions();
        boolean wasReady = previous != null && previous.getPhase() == Phase.Ready;
        Phase phase;
        String message;
        Condition ready;
        if (lab.expired()) {
            phase = Phase.Expired;
            message = "expired at " + lab.spec().getExpiresAt() + "; workloads scaled to zero, data kept. "
                    + "Move spec.expiresAt into the future to resume";
            ready = Conditions.of(Conditions.READY, false, "Expired", message, generation, prev, now);
        } else if (lab.spec().suspendRequested()) {
            phase = Phase.Suspended;
            message = "suspended: workloads scaled to zero, data kept. Set spec.suspend: false to resume";
            ready = Conditions.of(Conditions.READY, false, "Suspended", message, generation, prev, now);
        } else if (!notReady.isEmpty()) {
            phase = wasReady ? Phase.Degraded : Phase.Provisioning;
            message = "waiting for " + String.join(", ", notReady);
            ready = Conditions.of(Conditions.READY, false, "ComponentsNotReady", message, generation, prev, now);
        } else if (access.isPresent() && ExternalAccess.FALSE.equals(access.get().status())) {
            phase = Phase.Degraded;
            message = access.get().message() + (warnings.isEmpty() ? "" : "; " + String.join("; ", warnings));
            ready = Conditions.of(Conditions.READY, false, "ExternalAccessNotReady", message, generation, prev, now);
        } else if (!warnings.isEmpty()) {
            phase = Phase.Degraded;
            message = String.join("; ", warnings);
            ready = Conditions.of(Conditions.READY, false, "NeedsAttention", message, generation, prev, now);
        } else {
            phase = Phase.Ready;
            message = "all components ready";
            ready = Conditions.of(Conditions.READY, true, "AllComponentsReady", message, generation, prev, now);
        }
        IotLabStatus status = base(lab, generation);
        status.setPhase(phase);
        status.setMessage(message);
        status.setComponents(components);
        status.setEndpoints(withExposedMqtt(lab, Components.endpoints(lab), mqttService));
        status.setEndpoint(summaryEndpoint(status.getEndpoints()));
        status.setProgress(progress.orElse(null));
        List<Condition> conditions = new ArrayList<>(List.of(
                ready,
                Conditions.of(Conditions.RECONCILED, true, "ReconcileSucceeded",
                        "every object of the lab is applied", generation, prev, now),
                warnings.isEmpty()
                        ? Conditions.of(Conditions.SPEC_VALID, true, "SpecValid", "spec accepted", generation, prev, now)
                        : Conditions.of(Conditions.SPEC_VALID, false, "NeedsAttention", String.join("; ", warnings),
                                generation, prev, now)));
        access.ifPresent(a -> conditions.add(Conditions.of(Conditions.EXTERNAL_ACCESS, a.status(), a.reason(),
                a.message(), generation, prev, now)));
        status.setConditions(List.copyOf(conditions));
        return status;
    }

    /** A spec the operator cannot honour: nothing is applied until it is fixed. */
    public static IotLabStatus invalid(IotLab resource, String namespace, String problem, IotLabStatus previous,
                                       Instant now) {
        Long generation = resource.getMetadata().getGeneration();
        List<Condition> prev = previous == null ? List.of() : previous.getConditions();
        IotLabStatus status = new IotLabStatus();
        status.setObservedGeneration(generation);
        status.setNamespace(namespace);
        status.setPhase(Phase.Failed);
        status.setMessage(problem);
        status.setComponents(previous == null ? List.of() : previous.getComponents());
        status.setEndpoints(previous == null ? List.of() : previous.getEndpoints());
        status.setEndpoint(previous == null ? null : previous.getEndpoint());
        status.setCredentialsSecret(previous == null ? null : previous.getCredentialsSecret());
        status.setProgress(previous == null ? null : previous.getProgress());
        status.setConditions(List.of(
                Conditions.of(Conditions.READY, false, "InvalidSpec", problem, generation, prev, now),
                Conditions.of(Conditions.RECONCILED, false, "InvalidSpec", problem, generation, prev, now),
                Conditions.of(Conditions.SPEC_VALID, false, "InvalidSpec", problem, generation, prev, now)));
        return status;
    }

    /** Applying failed (e.g. the API server refused an object); the message says what the server said. */
    public static IotLabStatus reconcileError(IotLab resource, String problem, IotLabStatus previous, Instant now) {
        Long generation = resource.getMetadata().getGeneration();
        IotLabStatus status = previous == null ? new IotLabStatus() : copy(previous);
        List<Condition> prev = status.getConditions();
        List<Condition> conditions = new ArrayList<>(prev.stream()
                .filter(c -> !Conditions.RECONCILED.equals(c.getType())).toList());
        conditions.add(Conditions.of(Conditions.RECONCILED, false, "ReconcileError", problem, generation, prev, now));
        status.setConditions(conditions);
        status.setPhase(status.getPhase() == null ? Phase.Failed : Phase.Degraded);
        status.setMessage("could not apply the lab: " + problem);
        status.setObservedGeneration(generation);
        return status;
    }

    static ComponentStatus componentStatus(String name, Deployment deployment, boolean scaledDown) {
        if (deployment == null) {
            return new ComponentStatus(name, true, false, 0, scaledDown ? 0 : 1, "not created yet");
        }
        int desired = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
        int readyReplicas = deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null
                ? 0 : deployment.getStatus().getReadyReplicas();
        if (desired == 0) {
            return new ComponentStatus(name, true, false, readyReplicas, 0, "scaled to zero");
        }
        boolean ready = readyReplicas >= desired;
        return new ComponentStatus(name, true, ready, readyReplicas, desired,
                ready ? "ready" : readyReplicas + "/" + desired + " replicas ready");
    }

    private static IotLabStatus base(Lab lab, Long generation) {
        IotLabStatus status = new IotLabStatus();
        status.setObservedGeneration(generation);
        status.setNamespace(lab.namespace());
        status.setCredentialsSecret(lab.credentialsSecretName());
        return status;
    }

    /** The address students use from outside when MQTT is a NodePort or LoadBalancer Service. */
    static List<Endpoint> withExposedMqtt(Lab lab, List<Endpoint> endpoints, Optional<Service> service) {
        Optional<String> external = service.flatMap(s -> ExposedBroker.of(lab, Optional.of(s))).map(ExposedBroker::url);
        if (external.isEmpty()) {
            return endpoints;
        }
        return endpoints.stream().map(e -> EmqxComponent.MQTT_ENDPOINT.equals(e.getName())
                ? new Endpoint(e.getName(), e.getInternal(), external.get()) : e).toList();
    }

    /** External API URL when there is an ingress, else the in-cluster MQTT address, else whatever is first. */
    static String summaryEndpoint(List<Endpoint> endpoints) {
        return endpoints.stream().filter(e -> ApiComponent.ENDPOINT.equals(e.getName()) && e.getExternal() != null)
                .map(Endpoint::getExternal).findFirst()
                .or(() -> endpoints.stream().filter(e -> EmqxComponent.MQTT_ENDPOINT.equals(e.getName())).map(Endpoint::getInternal)
                        .findFirst())
                .or(() -> endpoints.stream().map(Endpoint::getInternal).findFirst())
                .orElse(null);
    }

    private static IotLabStatus copy(IotLabStatus s) {
        IotLabStatus c = new IotLabStatus();
        c.setPhase(s.getPhase());
        c.setMessage(s.getMessage());
        c.setObservedGeneration(s.getObservedGeneration());
        c.setNamespace(s.getNamespace());
        c.setCredentialsSecret(s.getCredentialsSecret());
        c.setEndpoint(s.getEndpoint());
        c.setConditions(new ArrayList<>(s.getConditions()));
        c.setComponents(new ArrayList<>(s.getComponents()));
        c.setEndpoints(new ArrayList<>(s.getEndpoints()));
        c.setProgress(s.getProgress());
        return c;
    }
}
