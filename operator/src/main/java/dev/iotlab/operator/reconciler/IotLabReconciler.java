package dev.iotlab.operator.reconciler;

import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.customresource.IotLabStatus;
import dev.iotlab.operator.customresource.LabProgress;
import dev.iotlab.operator.dependent.ConfigMapsDependent;
import dev.iotlab.operator.dependent.CrdPresent;
import dev.iotlab.operator.dependent.HttpRoutesDependent;
import dev.iotlab.operator.dependent.TraefikMiddlewaresDependent;
import dev.iotlab.operator.dependent.CredentialsSecretDependent;
import dev.iotlab.operator.dependent.DeploymentsDependent;
import dev.iotlab.operator.dependent.IngressesDependent;
import dev.iotlab.operator.dependent.LabContext;
import dev.iotlab.operator.dependent.LimitRangeDependent;
import dev.iotlab.operator.dependent.NamespaceDependent;
import dev.iotlab.operator.dependent.NetworkPolicyDependent;
import dev.iotlab.operator.dependent.ResourceQuotaDependent;
import dev.iotlab.operator.dependent.ServicesDependent;
import dev.iotlab.operator.dependent.RoleBindingsDependent;
import dev.iotlab.operator.dependent.RolesDependent;
import dev.iotlab.operator.dependent.ServiceAccountsDependent;
import dev.iotlab.operator.dependent.VolumeClaimsDependent;
import dev.iotlab.operator.model.CredentialsDrift;
import dev.iotlab.operator.model.EmqxComponent;
import dev.iotlab.operator.model.InfluxDbComponent;
import dev.iotlab.operator.model.InvalidLabException;
import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.LabChecks;
import dev.iotlab.operator.model.LabHttpRoute;
import dev.iotlab.operator.model.LabCertificate;
import dev.iotlab.operator.model.OperatorSettings;
import dev.iotlab.operator.model.ProgressReport;
import io.fabric8.kubernetes.api.model.ConfigMap;
import dev.iotlab.operator.model.TlsSettings;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Set;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles an IotLab into its namespace and components. Checks first what only the operator can check (a
 * namespace that belongs to someone else, an unknown scenario), then runs the workflow, then writes the status —
 * only when it changed, so a resync with nothing to do makes no write request.
 */
@ControllerConfiguration(name = IotLabReconciler.NAME)
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(name = "namespace", type = NamespaceDependent.class),
        @Dependent(name = "credentials", type = CredentialsSecretDependent.class, dependsOn = "namespace"),
        @Dependent(name = "quota", type = ResourceQuotaDependent.class, dependsOn = "namespace"),
        @Dependent(name = "limits", type = LimitRangeDependent.class, dependsOn = "namespace"),
        @Dependent(name = "network-policy", type = NetworkPolicyDependent.class, dependsOn = "namespace"),
        @Dependent(name = "service-accounts", type = ServiceAccountsDependent.class, dependsOn = "namespace"),
        @Dependent(name = "roles", type = RolesDependent.class, dependsOn = "namespace"),
        @Dependent(name = "role-bindings", type = RoleBindingsDependent.class,
                dependsOn = {"service-accounts", "roles"}),
        @Dependent(name = "config-maps", type = ConfigMapsDependent.class, dependsOn = "namespace"),
        @Dependent(name = "volume-claims", type = VolumeClaimsDependent.class, dependsOn = "quota"),
        @Dependent(name = "services", type = ServicesDependent.class, dependsOn = "namespace"),
        @Dependent(name = "deployments", type = DeploymentsDependent.class,
                dependsOn = {"credentials", "config-maps", "volume-claims", "quota", "limits"}),
        @Dependent(name = "ingresses", type = IngressesDependent.class, dependsOn = "services"),
        // Kinds from CRDs a cluster may lack: not reconciled, and no informer started, while the CRD is missing.
        @Dependent(name = IotLabReconciler.TRAEFIK_MIDDLEWARES, type = TraefikMiddlewaresDependent.class,
                dependsOn = "namespace", activationCondition = CrdPresent.class),
        @Dependent(name = IotLabReconciler.HTTP_ROUTES, type = HttpRoutesDependent.class, dependsOn = "services",
                activationCondition = CrdPresent.class)
})
public class IotLabReconciler implements Reconciler<IotLab> {
    public static final String NAME = "iotlab";
    static final String HTTP_ROUTES = "http-routes";
    static final String TRAEFIK_MIDDLEWARES = "traefik-middlewares";
    private static final Logger LOG = LoggerFactory.getLogger(IotLabReconciler.class);

    static final String TLS_SOURCE = "tls-source";
    static final String TLS_FIELD_MANAGER = "iotlab-operator-tls";

    private final OperatorSettings settings;
    private InformerEventSource<Secret, IotLab> tlsSource;
    private final Clock clock;
    private final ReconcileMetrics metrics;

    public IotLabReconciler(OperatorSettings settings, Clock clock, ReconcileMetrics metrics) {
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public UpdateControl<IotLab> reconcile(IotLab resource, Context<IotLab> context) {
        metrics.countPhasesOf(context.getPrimaryCache());
        return metrics.timed(() -> doReconcile(resource, context));
    }

    private UpdateControl<IotLab> doReconcile(IotLab resource, Context<IotLab> context) {
        Instant now = clock.instant();
        IotLabStatus previous = resource.getStatus();
        Lab lab;
        try {
            lab = new Lab(resource, settings, now);
        } catch (InvalidLabException e) {
            return refuse(resource, null, e, now, context);
        }
        try {
            LabChecks.validate(lab);
            checkNamespaceOwnership(lab, context);
        } catch (InvalidLabException e) {
            return refuse(resource, lab.namespace(), e, now, context);
        }
        LabContext.put(context, lab);
        WorkflowReconcileResult workflow = context.managedWorkflowAndDependentResourceContext()
                .reconcileManagedWorkflow();
        boolean gatewayApi = reconciled(workflow, HTTP_ROUTES);
        Optional<ExternalAccess> access = ExternalAccess.of(lab, gatewayApi,
                gatewayApi ? inLab(context, HTTPRoute.class, lab, LabHttpRoute.NAME) : Optional.empty(),
                reconciled(workflow, TRAEFIK_MIDDLEWARES));

        Map<String, Deployment> deployments = context.getSecondaryResourcesAsStream(Deployment.class)
                .filter(d -> lab.namespace().equals(d.getMetadata().getNamespace()))
                .collect(Collectors.toMap(d -> d.getMetadata().getName(), Function.identity(), (a, b) -> a));
        Optional<Service> mqttService = inLab(context, Service.class, lab, EmqxComponent.NAME);
        List<String> warnings = new java.util.ArrayList<>(LabChecks.warnings(lab));
        Optional<String> credentialsProblem = CredentialsDrift.check(lab,
                inLab(context, Secret.class, lab, lab.credentialsSecretName()),
                inLab(context, PersistentVolumeClaim.class, lab, InfluxDbComponent.DATA_CLAIM));
        credentialsProblem.ifPresent(warnings::add);
        LabCertificate.problem(lab, syncCertificate(lab, context, now), now).ifPresent(warnings::add);
        Optional<LabProgress> progress = lab.components().apiOrDefault().enabledOrDefault()
                ? inLab(context, ConfigMap.class, lab, ProgressReport.NAME).flatMap(ProgressReport::read)
                : Optional.empty();
        IotLabStatus status = StatusAggregator.running(lab, deployments, mqttService, warnings, access, progress,
                previous, now);
        boolean specChanged = previous == null
                || !java.util.Objects.equals(previous.getObservedGeneration(), resource.getMetadata().getGeneration());
        LabEvents.record(context.getClient(), resource, LabEvents.between(previous, status, LabContext.changes(context),
                specChanged, credentialsProblem.orElse(null)), now);
        Duration untilExpiry = lab.expiresAt().filter(at -> at.isAfter(now))
                .map(at -> Duration.between(now, at).plusSeconds(1)).orElse(null);
        if (access.map(ExternalAccess::retry).orElse(false)) {
            // A missing CRD raises no event when it is installed; look again once its presence is checked again.
            Duration recheck = CrdPresent.recheckInterval().plusSeconds(1);
            untilExpiry = untilExpiry == null || recheck.compareTo(untilExpiry) < 0 ? recheck : untilExpiry;
        }
        return withStatus(resource, status, untilExpiry);
    }

    /** Whether a dependent ran: false for one whose activation condition (its CRD) is not met. */
    private static boolean reconciled(WorkflowReconcileResult workflow, String dependent) {
        return workflow.getDependentResourceByName(dependent)
                .map(d -> workflow.getReconciledDependents().contains(d)).orElse(false);
    }

    /**
     * Watches the installer's TLS source Secret (only that one, by name): when it is renewed every lab reconciles and
     * gets the new copy.
     */
    @Override
    public List<EventSource<?, IotLab>> prepareEventSources(EventSourceContext<IotLab> context) {
        TlsSettings tls = settings.tls();
        if (!tls.copiesSource()) {
            return List.of();
        }
        var config = InformerEventSourceConfiguration.from(Secret.class, IotLab.class)
                .withName(TLS_SOURCE)
                .withNamespaces(Set.of(tls.sourceNamespace()))
                .withFieldSelector(new FieldSelector(new FieldSelector.Field("metadata.name", tls.sourceName())))
                .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache().list()
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build();
        tlsSource = new InformerEventSource<>(config, context);
        return List.of(tlsSource);
    }

    /**
     * Copies the source Secret into the lab namespace when the copy there differs (a first copy, a renewal, an
     * edit), and returns the TLS Secret the lab's Ingress will use, if there is one.
     */
    private Optional<Secret> syncCertificate(Lab lab, Context<IotLab> context, Instant now) {
        Optional<String> name = LabCertificate.secretName(lab);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Secret existing = context.getClient().secrets().inNamespace(lab.namespace()).withName(name.get()).get();
        TlsSettings tls = settings.tls();
        if (tls.copiesSource() && tlsSource != null) {
            Secret source = tlsSource.get(new ResourceID(tls.sourceName(), tls.sourceNamespace())).orElse(null);
            Optional<Secret> copy = LabCertificate.copy(lab, source);
            if (copy.isPresent() && !LabCertificate.upToDate(copy.get(), existing)) {
                Secret desired = copy.get();
                desired.getMetadata().setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                        .withApiVersion(IotLab.API_VERSION).withKind("IotLab").withName(lab.name())
                        .withUid(lab.resource().getMetadata().getUid()).withController(false)
                        .withBlockOwnerDeletion(false).build()));
                existing = context.getClient().resource(desired).fieldManager(TLS_FIELD_MANAGER).forceConflicts()
                        .serverSideApply();
                LabEvents.record(context.getClient(), lab.resource(), List.of(LabEvents.LabEvent.normal(
                        "CertificateCopied", "copied TLS Secret " + tls.sourceNamespace() + "/" + tls.sourceName()
                                + " into " + lab.namespace() + "/" + name.get())), now);
            }
        }
        return Optional.ofNullable(existing);
    }

    private static <R extends io.fabric8.kubernetes.api.model.HasMetadata> Optional<R> inLab(Context<IotLab> context,
            Class<R> type, Lab lab, String name) {
        return context.getSecondaryResourcesAsStream(type)
                .filter(r -> lab.namespace().equals(r.getMetadata().getNamespace())
                        && name.equals(r.getMetadata().getName()))
                .findFirst();
    }

    /** A namespace that exists but is not this lab's (another lab's, or the instructor's) is never taken over. */
    private void checkNamespaceOwnership(Lab lab, Context<IotLab> context) {
        Optional<Namespace> ours = context.getSecondaryResource(Namespace.class);
        if (ours.isPresent()) {
            return;
        }
        Namespace existing = context.getClient().namespaces().withName(lab.namespace()).get();
        if (existing == null) {
            return;
        }
        String uid = lab.resource().getMetadata().getUid();
        List<OwnerReference> owners = existing.getMetadata().getOwnerReferences();
        boolean ownedByThisLab = owners != null && owners.stream().anyMatch(o -> uid != null && uid.equals(o.getUid()));
        if (!ownedByThisLab) {
            throw new InvalidLabException(lab.spec().getNamespace() != null ? "spec.namespace" : "metadata.name",
                    "gives namespace \"" + lab.namespace() + "\", which already exists and does not belong to this "
                            + "lab; choose another spec.namespace, or delete that namespace if it is left over");
        }
    }

    /** Nothing is applied for a spec the operator cannot honour; the status says what to fix. */
    private UpdateControl<IotLab> refuse(IotLab resource, String namespace, InvalidLabException e, Instant now,
                                         Context<IotLab> context) {
        LOG.info("IotLab {} cannot be reconciled: {}", resource.getMetadata().getName(), e.getMessage());
        IotLabStatus status = StatusAggregator.invalid(resource, namespace, e.getMessage(), resource.getStatus(), now);
        LabEvents.record(context.getClient(), resource, LabEvents.between(resource.getStatus(), status, List.of(),
                true, null), now);
        return withStatus(resource, status, null);
    }

    private UpdateControl<IotLab> withStatus(IotLab resource, IotLabStatus status, Duration reschedule) {
        UpdateControl<IotLab> control;
        if (status.equals(resource.getStatus())) {
            control = UpdateControl.noUpdate();
        } else {
            resource.setStatus(status);
            control = UpdateControl.patchStatus(resource);
        }
        if (reschedule != null) {
            control.rescheduleAfter(reschedule);
        }
        return control;
    }

    @Override
    public ErrorStatusUpdateControl<IotLab> updateErrorStatus(IotLab resource, Context<IotLab> context,
                                                              Exception e) {
        if (interrupted(e)) {
            // The operator is stopping; the next leader or start reconciles again. Not the lab's fault.
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        metrics.error();
        String problem = describe(e);
        LOG.warn("IotLab {}: {}", resource.getMetadata().getName(), problem);
        Instant now = clock.instant();
        IotLabStatus status = StatusAggregator.reconcileError(resource, problem, resource.getStatus(), now);
        if (status.equals(resource.getStatus())) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        if (!conflict(e)) {
            // A conflict (the IotLab changed while it was reconciled) is retried at once by JOSDK: not a story for
            // the instructor, so no Warning Event for it.
            LabEvents.record(context.getClient(), resource, LabEvents.between(resource.getStatus(), status,
                    List.of(), true, null), now);
        }
        resource.setStatus(status);
        return ErrorStatusUpdateControl.patchStatus(resource);
    }

    /** An optimistic-lock conflict (HTTP 409): someone wrote the object between our read and our write. */
    static boolean conflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException kce && kce.getCode() == 409) {
                return true;
            }
        }
        if (e instanceof AggregatedOperatorException agg) {
            return !agg.getAggregatedExceptions().isEmpty()
                    && agg.getAggregatedExceptions().values().stream().allMatch(IotLabReconciler::conflict);
        }
        return false;
    }

    static boolean interrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) {
                return true;
            }
        }
        if (e instanceof AggregatedOperatorException agg) {
            return agg.getAggregatedExceptions().values().stream().anyMatch(IotLabReconciler::interrupted);
        }
        return false;
    }

    /** The API server's own words when it refused something, without a stack trace. */
    static String describe(Throwable e) {
        if (e instanceof AggregatedOperatorException agg && !agg.getAggregatedExceptions().isEmpty()) {
            return agg.getAggregatedExceptions().entrySet().stream()
                    .map(entry -> entry.getKey() + ": " + describe(entry.getValue()))
                    .collect(Collectors.joining("; "));
        }
        Throwable t = e;
        while (t != null) {
            if (t instanceof KubernetesClientException kce && kce.getStatus() != null
                    && kce.getStatus().getMessage() != null) {
                return kce.getStatus().getMessage();
            }
            t = t.getCause();
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
