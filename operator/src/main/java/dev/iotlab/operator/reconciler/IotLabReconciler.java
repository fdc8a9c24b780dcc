package dev.iotlab.operator.reconciler;

import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.customresource.IotLabStatus;
import dev.iotlab.operator.customresource.LabProgress;
import dev.iotlab.operator.dependent.ConfigMapsDependent;
import dev.iotlab.operator.dependent.CrdPresent;
import dev.iotlab.operator.dependent.CredentialsSecretDependent;
import dev.iotlab.operator.dependent.DeploymentsDependent;
import dev.iotlab.operator.dependent.HttpRoutesDependent;
import dev.iotlab.operator.dependent.IngressesDependent;
import dev.iotlab.operator.dependent.LabContext;
import dev.iotlab.operator.dependent.LimitRangeDependent;
import dev.iotlab.operator.dependent.NamespaceDependent;
import dev.iotlab.operator.dependent.NetworkPolicyDependent;
import dev.iotlab.operator.dependent.ResourceQuotaDependent;
import dev.iotlab.operator.dependent.RoleBindingsDependent;
import dev.iotlab.operator.dependent.RolesDependent;
import dev.iotlab.operator.dependent.ServiceAccountsDependent;
import dev.iotlab.operator.dependent.ServicesDependent;
import dev.iotlab.operator.dependent.TraefikMiddlewaresDependent;
import dev.iotlab.operator.dependent.VolumeClaimsDependent;
import dev.iotlab.operator.model.CredentialsDrift;
import dev.iotlab.operator.model.EmqxComponent;
import dev.iotlab.operator.model.InfluxDbComponent;
import dev.iotlab.operator.model.InvalidLabException;
import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.LabCertificate;
import dev.iotlab.operator.model.LabChecks;
import dev.iotlab.operator.model.LabHttpRoute;
import dev.iotlab.operator.model.OperatorSettings;
import dev.iotlab.operator.model.ProgressReport;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reconciles an IotLab into its namespace and components. Checks first what only the operator can check (a
 * namespace that belongs to someone else ({@link NamespaceOwnership}), an unknown scenario), then runs the workflow,
 * then writes the status ({@link StatusWrites}: only when it changed, so a resync with nothing to do makes no write
 * request). The TLS source Secret's copies are {@link TlsSourceCopy}'s.
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

    private final OperatorSettings settings;
    private final Clock clock;
    private final ReconcileMetrics metrics;
    private final TlsSourceCopy tlsSource;

    public IotLabReconciler(OperatorSettings settings, Clock clock, ReconcileMetrics metrics) {
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.tlsSource = new TlsSourceCopy(settings.tls());
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
            return StatusWrites.refused(context.getClient(), resource, null, e, now);
        }
        try {
            LabChecks.validate(lab);
            NamespaceOwnership.check(lab, context);
        } catch (InvalidLabException e) {
            return StatusWrites.refused(context.getClient(), resource, lab.namespace(), e, now);
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
        List<String> warnings = new ArrayList<>(LabChecks.warnings(lab));
        Optional<String> credentialsProblem = CredentialsDrift.check(lab,
                inLab(context, Secret.class, lab, lab.credentialsSecretName()),
                inLab(context, PersistentVolumeClaim.class, lab, InfluxDbComponent.DATA_CLAIM));
        credentialsProblem.ifPresent(warnings::add);
        LabCertificate.problem(lab, tlsSource.sync(lab, context, now), now).ifPresent(warnings::add);
        Optional<LabProgress> progress = lab.components().apiOrDefault().enabledOrDefault()
                ? inLab(context, ConfigMap.class, lab, ProgressReport.NAME).flatMap(ProgressReport::read)
                : Optional.empty();
        IotLabStatus status = StatusAggregator.running(lab, deployments, mqttService, warnings, access, progress,
                previous, now);
        boolean specChanged = previous == null
                || !Objects.equals(previous.getObservedGeneration(), resource.getMetadata().getGeneration());
        LabEvents.record(context.getClient(), resource, LabEvents.between(previous, status, LabContext.changes(context),
                specChanged, credentialsProblem.orElse(null)), now);
        return StatusWrites.withStatus(resource, status, nextLook(lab, access, now));
    }

    /**
     * When to reconcile again without an event: just after the lab expires, and — while a CRD it would use is missing
     * (installing one raises no event) — once its presence is checked again; null for never.
     */
    private static Duration nextLook(Lab lab, Optional<ExternalAccess> access, Instant now) {
        Duration untilExpiry = lab.expiresAt().filter(at -> at.isAfter(now))
                .map(at -> Duration.between(now, at).plusSeconds(1)).orElse(null);
        if (access.map(ExternalAccess::retry).orElse(false)) {
            Duration recheck = CrdPresent.recheckInterval().plusSeconds(1);
            return untilExpiry == null || recheck.compareTo(untilExpiry) < 0 ? recheck : untilExpiry;
        }
        return untilExpiry;
    }

    /** Whether a dependent ran: false for one whose activation condition (its CRD) is not met. */
    private static boolean reconciled(WorkflowReconcileResult workflow, String dependent) {
        return workflow.getDependentResourceByName(dependent)
                .map(d -> workflow.getReconciledDependents().contains(d)).orElse(false);
    }

    private static <R extends HasMetadata> Optional<R> inLab(Context<IotLab> context, Class<R> type, Lab lab,
                                                             String name) {
        return context.getSecondaryResourcesAsStream(type)
                .filter(r -> lab.namespace().equals(r.getMetadata().getNamespace())
                        && name.equals(r.getMetadata().getName()))
                .findFirst();
    }

    /** The TLS source Secret's informer ({@link TlsSourceCopy}), when the installer named one. */
    @Override
    public List<EventSource<?, IotLab>> prepareEventSources(EventSourceContext<IotLab> context) {
        return tlsSource.eventSources(context);
    }

    @Override
    public ErrorStatusUpdateControl<IotLab> updateErrorStatus(IotLab resource, Context<IotLab> context,
                                                              Exception e) {
        return StatusWrites.failed(context.getClient(), resource, e, metrics, clock.instant());
    }
}
