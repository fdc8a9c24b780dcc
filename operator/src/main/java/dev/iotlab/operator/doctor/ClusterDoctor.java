package dev.iotlab.operator.doctor;

import dev.iotlab.operator.customresource.GatewayScheme;
import dev.iotlab.operator.customresource.IngressSpec;
import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.customresource.IotLabSpec;
import dev.iotlab.operator.customresource.Profile;
import dev.iotlab.operator.customresource.Student;
import dev.iotlab.operator.model.Component;
import dev.iotlab.operator.model.Components;
import dev.iotlab.operator.model.GatewayRef;
import dev.iotlab.operator.model.CrdSchema;
import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.LabCertificate;
import dev.iotlab.operator.model.Labels;
import dev.iotlab.operator.model.OperatorSettings;
import dev.iotlab.operator.model.PodSecurity;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What an instructor learns before a course: would this cluster run it? Each check reads the cluster (the PodSecurity
 * check also writes a short-lived namespace) and says what is wrong and how to fix it. Independent of the command
 * line, so the CLI (hand-written today, picocli tomorrow) only parses options and prints.
 */
public final class ClusterDoctor {
    public static final String CRD_NAME = "iotlabs.iotlab.dev";
    public static final String LEASE = "iotlab-operator";
    static final Duration LEASE_FRESH = Duration.ofSeconds(60);
    static final String DEFAULT_STORAGE_CLASS = "storageclass.kubernetes.io/is-default-class";
    static final String DEFAULT_INGRESS_CLASS = "ingressclass.kubernetes.io/is-default-class";

    /**
     * @param course            the course whose labs are read from the cluster (students, profile, ingress, expiry),
     *                          or null
     * @param students          how many students to plan for; null means the course's labs (at least 1)
     * @param profile           the profile to plan for; null means the course's labs' (or small)
     * @param operatorNamespace where the operator runs (its Lease)
     * @param ingressClass      the IngressClass the course will use, or null for the labs' / the default one
     * @param gateway           namespace/name of a Gateway the course will use, or null
     * @param tlsSourceSecret   namespace/name of the operator's TLS source Secret, or null
     * @param until             when the course ends, or null for the latest expiresAt of its labs
     */
    public record Options(String course, Integer students, Profile profile, String operatorNamespace,
                          String ingressClass, String gateway, String tlsSourceSecret, Instant until) {
    }

    /** One line of the report. */
    public record Check(String name, boolean ok, String detail, String fix) {
        static Check ok(String name, String detail) {
            return new Check(name, true, detail, null);
        }

        static Check fail(String name, String detail, String fix) {
            return new Check(name, false, detail, fix);
        }
    }

    private final KubernetesClient client;
    private final Options options;
    private final Instant now;
    private final List<IotLab> courseLabs;

    public ClusterDoctor(KubernetesClient client, Options options, Instant now) {
        this.client = client;
        this.options = options;
        this.now = now;
        this.courseLabs = courseLabs(client, options.course());
    }

    public List<Check> run() {
        List<Check> checks = new ArrayList<>();
        checks.add(crd());
        checks.add(operator());
        checks.add(ingressOrGateway());
        checks.add(storageClass());
        checks.add(certificate());
        checks.add(podSecurity());
        checks.add(capacity());
        return checks;
    }

    // --- the checks ------------------------------------------------------------------------------------------

    Check crd() {
        String name = "IotLab CRD";
        CustomResourceDefinition installed = Lookups.orNull(() -> client.apiextensions().v1().customResourceDefinitions()
                .withName(CRD_NAME).get());
        String fix = "kubectl apply --server-side -f crds/iotlab.dev_iotlabs.yaml (or helm upgrade --install iotlab "
                + "charts/iotlab-operator), from the release of this jar (" + OperatorSettings.PROJECT_VERSION + ")";
        if (installed == null) {
            return Check.fail(name, "not installed", fix);
        }
        CustomResourceDefinition bundled = bundledCrd();
        if (!sameVersions(installed, bundled)) {
            return Check.fail(name, "installed, but not the one of this jar (" + OperatorSettings.PROJECT_VERSION
                    + "): the schemas differ", fix);
        }
        return Check.ok(name, "installed, the same as this jar's (" + OperatorSettings.PROJECT_VERSION + ")");
    }

    Check operator() {
        String name = "Operator";
        String fix = "helm install iotlab charts/iotlab-operator -n " + options.operatorNamespace()
                + " --create-namespace; if it is installed: kubectl -n " + options.operatorNamespace()
                + " logs deploy/iotlab-operator";
        Lease lease = Lookups.orNull(() -> client.leases().inNamespace(options.operatorNamespace()).withName(LEASE).get());
        if (lease == null || lease.getSpec() == null || lease.getSpec().getHolderIdentity() == null
                || lease.getSpec().getHolderIdentity().isBlank()) {
            return Check.fail(name, "no leader: no Lease " + LEASE + " with a holder in " + options.operatorNamespace(),
                    fix);
        }
        ZonedDateTime renewed = lease.getSpec().getRenewTime() == null ? null
                : lease.getSpec().getRenewTime().toInstant().atZone(java.time.ZoneOffset.UTC);
        if (renewed == null || Duration.between(renewed.toInstant(), now).compareTo(LEASE_FRESH) > 0) {
            return Check.fail(name, "Lease " + LEASE + " held by " + lease.getSpec().getHolderIdentity()
                    + " but not renewed " + (renewed == null ? "ever" : "since " + renewed.toInstant())
                    + ": the operator is not running", fix);
        }
        long ago = Math.max(0, Duration.between(renewed.toInstant(), now).toSeconds());
        return Check.ok(name, "running, leader " + lease.getSpec().getHolderIdentity() + " (renewed " + ago + " s ago)");
    }

    Check ingressOrGateway() {
        String name = "Ingress / Gateway";
        if (options.gateway() != null && options.gateway().split("/", 2).length != 2) {
            return Check.fail(name, "--gateway " + options.gateway() + " is not namespace/name", "e.g. --gateway gateways/labs");
        }
        List<GatewayRef> gateways = gatewaysOfTheCourse();
        if (!gateways.isEmpty()) {
            return GatewayDoctor.check(client, gateways, Labels.forLab(sampleLab("doctor")));
        }
        Set<String> classes = new java.util.TreeSet<>();
        boolean anyIngress = options.ingressClass() != null;
        if (options.ingressClass() != null) {
            classes.add(options.ingressClass());
        }
        for (IotLab lab : courseLabs) {
            IngressSpec ingress = lab.getSpec().accessOrDefault().getIngress();
            if (ingress != null) {
                anyIngress = true;
                if (ingress.getClassName() != null) {
                    classes.add(ingress.getClassName());
                }
            }
        }
        if (!anyIngress) {
            return Check.ok(name, "no lab of the course uses an ingress (students reach it by port-forward)");
        }
        List<String> existing = Lookups.orEmpty(() -> client.network().v1().ingressClasses().list().getItems()).stream()
                .map(c -> c.getMetadata().getName()).toList();
        if (classes.isEmpty()) {
            Optional<String> defaultClass = Lookups.orEmpty(() -> client.network().v1().ingressClasses().list().getItems())
                    .stream().filter(c -> "true".equals(annotation(c.getMetadata(), DEFAULT_INGRESS_CLASS)))
                    .map(c -> c.getMetadata().getName()).findFirst();
            return defaultClass.map(c -> Check.ok(name, "default IngressClass " + c))
                    .orElseGet(() -> Check.fail(name, "the labs name no IngressClass and the cluster has no default one"
                            + (existing.isEmpty() ? " (no IngressClass at all)" : " (classes: " + existing + ")"),
                            "install an ingress controller (e.g. Traefik or ingress-nginx), or set "
                                    + "access.ingress.className / --ingress-class to one of kubectl get ingressclass"));
        }
        List<String> missing = classes.stream().filter(c -> !existing.contains(c)).toList();
        if (!missing.isEmpty()) {
            return Check.fail(name, "IngressClass " + String.join(", ", missing) + " not found"
                    + (existing.isEmpty() ? " (no IngressClass at all)" : " (classes: " + existing + ")"),
                    "install the ingress controller of that class, or name an existing class in "
                            + "access.ingress.className (the course chart's defaults.ingress.className)");
        }
        return Check.ok(name, "IngressClass " + String.join(", ", classes) + " exists");
    }

    Check storageClass() {
        String name = "StorageClass";
        String fix = "install a storage provisioner and mark its class default: kubectl patch storageclass <name> -p "
                + "'{\"metadata\":{\"annotations\":{\"" + DEFAULT_STORAGE_CLASS + "\":\"true\"}}}' "
                + "(it must honour fsGroup: most CSI drivers do, hostPath volumes do not)";
        List<StorageClass> all = Lookups.orEmpty(() -> client.storage().v1().storageClasses().list().getItems());
        Optional<String> defaultClass = all.stream()
                .filter(c -> "true".equals(annotation(c.getMetadata(), DEFAULT_STORAGE_CLASS)))
                .map(c -> c.getMetadata().getName()).findFirst();
        if (defaultClass.isEmpty()) {
            return Check.fail(name, "no default StorageClass: the labs' volumes would stay Pending"
                    + (all.isEmpty() ? "" : " (classes: " + all.stream().map(c -> c.getMetadata().getName()).toList()
                    + ")"), fix);
        }
        return Check.ok(name, "default " + defaultClass.get());
    }

    Check certificate() {
        String name = "TLS certificate";
        boolean labsUseTls = courseLabs.stream().anyMatch(l -> l.getSpec().accessOrDefault().getIngress() != null
                && l.getSpec().accessOrDefault().getIngress().getTlsSecretName() != null);
        String source = options.tlsSourceSecret();
        if (source == null) {
            return labsUseTls
                    ? Check.fail(name, "the course's labs use TLS but no source Secret was named",
                            "name the operator's tls.sourceSecret with --tls-source-secret namespace/name (or use "
                                    + "tls.certManagerIssuer)")
                    : Check.ok(name, "no TLS source Secret to check (plain HTTP, or cert-manager)");
        }
        String[] ref = source.split("/", 2);
        Secret secret = ref.length != 2 ? null
                : Lookups.orNull(() -> client.secrets().inNamespace(ref[0]).withName(ref[1]).get());
        if (secret == null) {
            return Check.fail(name, "source Secret " + source + " not found",
                    "kubectl -n " + (ref.length == 2 ? ref[0] : "<namespace>")
                            + " create secret tls <name> --cert=fullchain.pem --key=privkey.pem");
        }
        Optional<Instant> notAfter = LabCertificate.notAfter(secret);
        if (notAfter.isEmpty()) {
            return Check.fail(name, "source Secret " + source + " holds no readable certificate in tls.crt",
                    "recreate it: kubectl create secret tls ... --cert=fullchain.pem --key=privkey.pem");
        }
        Optional<Instant> until = Optional.ofNullable(options.until()).or(this::courseEnd)
                .map(t -> t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        if (!notAfter.get().isAfter(now)) {
            return Check.fail(name, "certificate in " + source + " expired at " + notAfter.get(), "renew it");
        }
        if (until.isPresent() && notAfter.get().isBefore(until.get())) {
            return Check.fail(name, "certificate in " + source + " expires at " + notAfter.get()
                    + ", before the course ends (" + until.get() + ")", "renew it before the course ends (the "
                    + "operator copies a renewed Secret into every lab)");
        }
        return Check.ok(name, source + " valid until " + notAfter.get()
                + until.map(u -> ", after the course ends (" + u + ")").orElse(""));
    }

    Check podSecurity() {
        String name = "Pod Security";
        String ns = "iotlab-doctor-" + HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(),
                (byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt()});
        try {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                    .addToLabels("pod-security.kubernetes.io/enforce", PodSecurity.LEVEL)
                    .addToLabels(Labels.MANAGED_BY, "iotlab-doctor").endMetadata().build()).create();
        } catch (KubernetesClientException e) {
            return Check.fail(name, "could not make a test namespace: " + message(e),
                    "run doctor as a cluster admin (it creates and deletes namespace " + ns + ")");
        }
        try {
            Lab lab = sampleLab(ns);
            List<String> refused = new ArrayList<>();
            for (Component c : Components.ALL) {
                Pod pod = podOf(c, lab);
                try {
                    client.pods().inNamespace(ns).resource(pod).dryRun().create();
                } catch (KubernetesClientException e) {
                    refused.add(c.name() + ": " + message(e));
                }
            }
            if (!refused.isEmpty()) {
                return Check.fail(name, "a restricted namespace refuses the labs' pods: " + String.join("; ", refused),
                        "an admission policy (Kyverno, Gatekeeper, a webhook) refuses them: allow the labs' "
                                + "namespaces (label " + Labels.MANAGED_BY + "=" + Labels.MANAGED_BY_VALUE + ")");
            }
            Pod privileged = new PodBuilder().withNewMetadata().withName("privileged").endMetadata()
                    .withNewSpec().addNewContainer().withName("c").withImage("busybox:1.36")
                    .withNewSecurityContext().withPrivileged(true).endSecurityContext().endContainer().endSpec().build();
            try {
                client.pods().inNamespace(ns).resource(privileged).dryRun().create();
                return Check.fail(name, "a privileged pod was admitted into a namespace labelled enforce=restricted: "
                                + "PodSecurity admission is off, so students' namespaces are not protected",
                        "enable the PodSecurity admission plugin (on by default since Kubernetes 1.25)");
            } catch (KubernetesClientException expected) {
                return Check.ok(name, "\"restricted\" enforced; every component's pod admitted");
            }
        } finally {
            try {
                client.namespaces().withName(ns).delete();
            } catch (KubernetesClientException e) {
                // best effort: it holds nothing
            }
        }
    }

    Check capacity() {
        String name = "Capacity";
        Profile profile = options.profile() != null ? options.profile() : courseLabs.stream()
                .map(l -> l.getSpec().profileOrDefault()).filter(p -> p == Profile.STANDARD).findFirst()
                .orElse(Profile.SMALL);
        int students = options.students() != null ? options.students() : Math.max(1, courseLabs.size());
        return CapacityCheck.check(client, name, sampleLab("iotlab-sizing", profile), profile, students);
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    /** --gateway namespace/name, and the Gateways the course's labs name in access.gateway (with their hosts). */
    private List<GatewayRef> gatewaysOfTheCourse() {
        List<GatewayRef> refs = new ArrayList<>();
        if (options.gateway() != null) {
            String[] ref = options.gateway().split("/", 2);
            refs.add(new GatewayRef(ref[1], ref[0], null, null, GatewayScheme.HTTPS));
        }
        for (IotLab lab : courseLabs) {
            var spec = lab.getSpec().accessOrDefault().getGateway();
            if (spec != null && spec.getName() != null && spec.getNamespace() != null) {
                refs.add(new GatewayRef(spec.getName(), spec.getNamespace(), spec.getSectionName(), spec.getHost(),
                        GatewayScheme.HTTPS));
            }
        }
        return refs;
    }

    private static List<IotLab> courseLabs(KubernetesClient client, String course) {
        if (course == null) {
            return List.of();
        }
        try {
            return client.resources(IotLab.class).list().getItems().stream()
                    .filter(l -> l.getSpec() != null && course.equals(l.getSpec().getCourse())).toList();
        } catch (KubernetesClientException e) {
            return List.of(); // no CRD: reported by its own check
        }
    }

    private Optional<Instant> courseEnd() {
        return courseLabs.stream().map(l -> l.getSpec().getExpiresAt()).filter(Objects::nonNull)
                .map(t -> java.time.OffsetDateTime.parse(t).toInstant()).max(Instant::compareTo);
    }

    private static Lab sampleLab(String namespace) {
        return sampleLab(namespace, Profile.SMALL);
    }

    private static Lab sampleLab(String namespace, Profile profile) {
        IotLab lab = new IotLab();
        lab.setMetadata(new ObjectMetaBuilder().withName("doctor").withUid("doctor").build());
        IotLabSpec spec = new IotLabSpec();
        spec.setStudent(new Student("Doctor", null));
        spec.setNamespace(namespace);
        spec.setProfile(profile);
        lab.setSpec(spec);
        return new Lab(lab, OperatorSettings.defaults(), Instant.EPOCH);
    }

    /** The Pod the controller-manager would make from the component's Deployment (volumes and account left out). */
    private static Pod podOf(Component c, Lab lab) {
        var template = c.deployment(lab).getSpec().getTemplate();
        // The lab's own ServiceAccounts do not exist in the test namespace; admission of the pod is what is checked.
        var spec = new io.fabric8.kubernetes.api.model.PodSpecBuilder(template.getSpec()).withVolumes()
                .withServiceAccountName(null).build();
        spec.getContainers().forEach(container -> container.setVolumeMounts(List.of()));
        return new PodBuilder().withNewMetadata().withName(c.name()).withLabels(template.getMetadata().getLabels())
                .endMetadata().withSpec(spec).build();
    }

    private static String annotation(io.fabric8.kubernetes.api.model.ObjectMeta meta, String key) {
        return meta.getAnnotations() == null ? null : meta.getAnnotations().get(key);
    }

    private static String message(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    }

    static CustomResourceDefinition bundledCrd() {
        try (InputStream in = ClusterDoctor.class.getClassLoader().getResourceAsStream(CrdSchema.RESOURCE)) {
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same versions with the same schemas (printer columns and the rest may be ordered differently). */
    static boolean sameVersions(CustomResourceDefinition installed, CustomResourceDefinition bundled) {
        List<CustomResourceDefinitionVersion> a = installed.getSpec().getVersions();
        List<CustomResourceDefinitionVersion> b = bundled.getSpec().getVersions();
        if (a.size() != b.size()) {
            return false;
        }
        for (CustomResourceDefinitionVersion version : b) {
            Optional<CustomResourceDefinitionVersion> other = a.stream()
                    .filter(v -> v.getName().equals(version.getName())).findFirst();
            // JSON trees: equal whatever the order of the keys the API server returns
            var mapper = Serialization.jsonMapper();
            if (other.isEmpty() || !mapper.valueToTree(other.get().getSchema()).equals(
                    mapper.valueToTree(version.getSchema()))) {
                return false;
            }
        }
        return true;
    }
}
