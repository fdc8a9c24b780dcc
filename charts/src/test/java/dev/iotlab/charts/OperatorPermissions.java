package dev.iotlab.charts;

import dev.iotlab.operator.config.OperatorConfig;
import dev.iotlab.operator.config.OperatorFactory;
import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.customresource.IotLabSpec;
import dev.iotlab.operator.customresource.Student;
import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.OperatorSettings;
import dev.iotlab.operator.model.LabAccess;
import dev.iotlab.operator.reconciler.IotLabReconciler;
import dev.iotlab.operator.reconciler.LabEvents;
import dev.iotlab.operator.reconciler.ReconcileMetrics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.dependent.DependentResourceSpec;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.workflow.CRDPresentActivationCondition;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Kubernetes permissions the operator needs, derived from its code rather than written by hand: the operator is
 * configured exactly as in production ({@link OperatorFactory#create}) and its registered controller asked for the
 * primary resource and the workflow's dependents; each dependent's JOSDK capabilities give its verbs; the student
 * Role the operator creates must be covered too (RBAC escalation prevention); leader election adds its Lease.
 */
final class OperatorPermissions {
    /** One verb on one resource (subresources as "pods/log"), for one object name or every name ("*"). */
    record Permission(String group, String resource, String verb, String name) implements Comparable<Permission> {
        static final String ANY = "*";

        @Override
        public int compareTo(Permission o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return (group.isEmpty() ? "core" : group) + "/" + resource + " " + verb + (ANY.equals(name) ? "" : " " + name);
        }
    }

    /** What the operator's requests need, by where they are needed: cluster-wide, and in the operator's namespace. */
    record Derived(Set<Permission> clusterWide, Set<Permission> leaseNamespace, Map<Permission, String> why) {
    }

    private OperatorPermissions() {
    }

    static Derived derive() {
        Map<Permission, String> why = new LinkedHashMap<>();
        Set<Permission> cluster = new TreeSet<>();
        Set<Permission> lease = new TreeSet<>();
        OperatorConfig config = new OperatorConfig();
        config.setLeaderElection(true);
        config.setLeaseNamespace("operator-namespace");
        IotLabReconciler reconciler = new IotLabReconciler(OperatorSettings.defaults(), Clock.systemUTC(),
                new ReconcileMetrics(new SimpleMeterRegistry()));
        // Never connected: constructing and registering the operator makes no request.
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build()).build()) {
            Operator operator = OperatorFactory.create(client, config, reconciler);
            ControllerConfiguration<?> controller = operator.getRegisteredController(IotLabReconciler.NAME)
                    .orElseThrow().getConfiguration();

            Class<? extends HasMetadata> primary = controller.getResourceClass();
            for (String verb : List.of("get", "list", "watch")) {
                add(cluster, why, perm(primary, "", verb), "primary resource informer");
            }
            add(cluster, why, perm(primary, "/status", "patch"), "status written with UpdateControl.patchStatus");

            boolean finalizer = reconciler instanceof Cleaner;
            for (DependentResourceSpec<?, ?, ?> spec : controller.getWorkflowSpec().orElseThrow()
                    .getDependentResourceSpecs()) {
                Class<?> type = spec.getDependentResourceClass();
                Class<? extends HasMetadata> resource = resourceType(type);
                String reason = "dependent " + spec.getName() + " (" + type.getSimpleName() + ")";
                for (String verb : dependentVerbs(type)) {
                    add(cluster, why, perm(resource, "", verb), reason);
                }
                if (spec.getActivationCondition() instanceof CRDPresentActivationCondition<?, ?>) {
                    // The condition GETs the dependent's CRD by name (CRDPresentChecker), nothing else.
                    add(cluster, why, new Permission("apiextensions.k8s.io", "customresourcedefinitions", "get",
                            HasMetadata.getFullResourceName(resource)), reason + ": is its CRD installed?");
                }
                boolean deletable = Deleter.class.isAssignableFrom(type)
                        && !(KubernetesDependentResource.class.isAssignableFrom(type)
                        && GarbageCollected.class.isAssignableFrom(type));
                finalizer |= deletable;
            }
            if (finalizer) { // JOSDK adds and removes its finalizer on the primary resource
                add(cluster, why, perm(primary, "", "patch"), "finalizer");
                add(cluster, why, perm(primary, "", "update"), "finalizer");
            }

            LeaderElectionConfiguration election = operator.getConfigurationService()
                    .getLeaderElectionConfiguration().orElseThrow();
            // fabric8's LeaseLock (kubernetes-client-api 7.5.2): create (no name in the URL, so it cannot be
            // limited to one), get and patch by name — the real API server refused renewal without patch.
            // JOSDK's LeaderElectionManager.checkLeaseAccess refuses to start unless update is granted as well.
            String name = election.getLeaseName();
            add(lease, why, new Permission("coordination.k8s.io", "leases", "create", Permission.ANY),
                    "leader election: LeaseLock creates the Lease");
            add(lease, why, new Permission("coordination.k8s.io", "leases", "get", name), "leader election: LeaseLock");
            add(lease, why, new Permission("coordination.k8s.io", "leases", "patch", name),
                    "leader election: LeaseLock renews with a patch");
            add(lease, why, new Permission("coordination.k8s.io", "leases", "update", name),
                    "leader election: JOSDK's start-up check demands it");
        }

        // Events on the IotLabs (kubectl describe iotlab): created once, their count raised for a repeat.
        for (String verb : LabEvents.VERBS) {
            add(cluster, why, new Permission("", "events", verb, Permission.ANY),
                    "Events on IotLabs (LabEvents, namespace " + LabEvents.NAMESPACE + ")");
        }

        // Escalation prevention: to create the lab's Roles and bind them, the operator must hold what they grant.
        for (var role : LabAccess.roles(sampleLab())) {
            for (PolicyRule rule : role.getRules()) {
                for (Permission p : expand(rule)) {
                    add(cluster, why, p, "granted by the " + role.getMetadata().getName()
                            + " Role (escalation prevention)");
                }
            }
        }
        return new Derived(minimal(cluster), minimal(lease), why);
    }

    /** Verbs a dependent's requests use, from its JOSDK capabilities. */
    static List<String> dependentVerbs(Class<?> type) {
        List<String> verbs = new ArrayList<>(List.of("get", "list", "watch")); // its informer
        if (Creator.class.isAssignableFrom(type)) {
            verbs.add("create"); // without server-side apply
            verbs.add("patch");  // server-side apply creates with an apply patch
        }
        if (Updater.class.isAssignableFrom(type)) {
            verbs.add("update"); // without server-side apply
            if (!verbs.contains("patch")) {
                verbs.add("patch");
            }
        }
        if (Deleter.class.isAssignableFrom(type)) {
            verbs.add("delete"); // bulk dependents delete the objects of a disabled component
        }
        return verbs;
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends HasMetadata> resourceType(Class<?> dependentClass) {
        try {
            DependentResource<?, ?> dependent = (DependentResource<?, ?>) dependentClass.getConstructor()
                    .newInstance();
            return (Class<? extends HasMetadata>) dependent.resourceType();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate " + dependentClass, e);
        }
    }

    private static Permission perm(Class<? extends HasMetadata> type, String sub, String verb) {
        return new Permission(HasMetadata.getGroup(type), HasMetadata.getPlural(type) + sub, verb, Permission.ANY);
    }

    private static Lab sampleLab() {
        IotLab lab = new IotLab();
        lab.setMetadata(new ObjectMetaBuilder().withName("sample").withUid("uid").build());
        IotLabSpec spec = new IotLabSpec();
        spec.setStudent(new Student("Sample Student", null));
        lab.setSpec(spec);
        return new Lab(lab, OperatorSettings.defaults(), Instant.EPOCH);
    }

    /** Every (group, resource, verb, name) a rule grants. */
    static List<Permission> expand(PolicyRule rule) {
        List<Permission> result = new ArrayList<>();
        List<String> names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                ? List.of(Permission.ANY) : rule.getResourceNames();
        for (String group : rule.getApiGroups()) {
            for (String resource : rule.getResources()) {
                for (String verb : rule.getVerbs()) {
                    for (String name : names) {
                        result.add(new Permission(group, resource, verb, name));
                    }
                }
            }
        }
        return result;
    }

    /** Drops a permission on one name when the same permission on every name is there. */
    static Set<Permission> minimal(Set<Permission> permissions) {
        Set<Permission> result = new TreeSet<>();
        for (Permission p : permissions) {
            if (Permission.ANY.equals(p.name())
                    || !permissions.contains(new Permission(p.group(), p.resource(), p.verb(), Permission.ANY))) {
                result.add(p);
            }
        }
        return result;
    }

    private static void add(Set<Permission> set, Map<Permission, String> why, Permission p, String reason) {
        set.add(p);
        why.putIfAbsent(p, reason);
    }
}
