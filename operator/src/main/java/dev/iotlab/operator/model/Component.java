package dev.iotlab.operator.model;

import dev.iotlab.contract.Setting;
import dev.iotlab.operator.customresource.ComponentSpec;
import dev.iotlab.operator.customresource.Endpoint;
import dev.iotlab.operator.customresource.Profile;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HTTPGetActionBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import dev.iotlab.operator.customresource.StorageComponentSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One component of a lab and all of its desired state, as pure functions of the {@link Lab}. Adding a component
 * means one subclass and one constant in {@link Components} (the only place components are made).
 */
public abstract class Component {
    /** The startup budget of a component that runs its setup or migrations on first start. */
    protected static final Duration FIRST_START_WITH_SETUP = Duration.ofMinutes(5);

    private final String name;
    private final String specKey;
    private final DefaultImage defaultImage;
    private final long uid;
    private final Sizing small;
    private final Sizing standard;

    /**
     * @param name         the component's name: its Deployment, Service and label value
     * @param specKey      its key under spec.components (what error messages tell the instructor to change)
     * @param defaultImage the image it runs unless the lab or the installer overrides it (pinned, never latest):
     *                     {@link #upstream} or {@link #ours}
     * @param uid          numeric uid the image runs as (restricted PSS needs a numeric runAsUser)
     * @param small        requests and limits in the small profile
     * @param standard     requests and limits in the standard profile
     */
    protected Component(String name, String specKey, DefaultImage defaultImage, long uid, Sizing small, Sizing standard) {
        this.name = name;
        this.specKey = specKey;
        this.defaultImage = defaultImage;
        this.uid = uid;
        this.small = small;
        this.standard = standard;
    }

    public final String name() {
        return name;
    }

    /** Its key under {@code spec.components}, e.g. {@code nodeRed}. */
    public final String specKey() {
        return specKey;
    }

    /** The image it runs when neither the lab nor the installer says otherwise. */
    public final String defaultImage() {
        return defaultImage(BuildInfo.version());
    }

    /** The default image of an operator built as {@code version} (ours follow it; upstream ones are pinned). */
    public final String defaultImage(String version) {
        return defaultImage.repository() + ":" + (defaultImage.pinnedTag() != null ? defaultImage.pinnedTag() : version);
    }

    /** Whether we build and publish its image (tagged with the project version). */
    public final boolean ownImage() {
        return defaultImage.pinnedTag() == null;
    }

    /** A component's default image: a repository and, for upstream images, the tag we test against. */
    protected record DefaultImage(String repository, String pinnedTag) {
    }

    /** An upstream image, pinned, e.g. {@code emqx/emqx:5.8.6}. */
    protected static DefaultImage upstream(String image) {
        int colon = image.lastIndexOf(':');
        return new DefaultImage(image.substring(0, colon), image.substring(colon + 1));
    }

    /** One of our own images (iotlab-api, ...), published with the project's version as its tag. */
    protected static DefaultImage ours(String name) {
        return new DefaultImage(OperatorSettings.OWN_IMAGE_REPOSITORY + "iotlab-" + name, null);
    }

    /** Its part of the IotLab spec; never null (defaults when absent). */
    public abstract ComponentSpec spec(Lab lab);

    /**
     * The one container of the workload, without image, resources and security context
     * ({@link ComponentDeployment} adds them).
     */
    protected abstract Container container(Lab lab);

    public boolean enabled(Lab lab) {
        return spec(lab).enabledOrDefault();
    }

    public String image(Lab lab) {
        String override = spec(lab).getImage();
        return override != null ? override : lab.settings().image(name());
    }

    /**
     * The profile's (or installer's) sizing with the spec's override laid over it key by key: an override of only
     * the memory request keeps the profile's CPU and limits, and a request raised above the profile's limit without
     * a limit of its own raises the limit with it (else the API server refuses the Pod: request above limit).
     */
    public ResourceRequirements resources(Lab lab) {
        String profile = lab.profile().name().toLowerCase(java.util.Locale.ROOT);
        Sizing builtIn = lab.profile() == Profile.STANDARD ? standard : small;
        return Sizing.overlay(lab.settings().sizing(profile, name).orElse(builtIn).toRequirements(),
                spec(lab).getResources());
    }

    public List<Service> services(Lab lab) {
        return List.of();
    }

    public List<ConfigMap> configMaps(Lab lab) {
        return List.of();
    }

    public List<PersistentVolumeClaim> volumeClaims(Lab lab) {
        return List.of();
    }

    public List<Endpoint> endpoints(Lab lab) {
        return List.of();
    }

    /** The component's own identity in the cluster, when it talks to the Kubernetes API (see {@link #serviceAccountName}). */
    public List<ServiceAccount> serviceAccounts(Lab lab) {
        return List.of();
    }

    public List<Role> roles(Lab lab) {
        return List.of();
    }

    public List<RoleBinding> roleBindings(Lab lab) {
        return List.of();
    }

    /**
     * The ServiceAccount the pod runs as, its token mounted; null (the default) = the namespace's default account
     * and no token at all, for components that never call the Kubernetes API.
     */
    protected String serviceAccountName(Lab lab) {
        return null;
    }

    /** The component's paths on the student's host (Ingress or HTTPRoute alike). */
    public List<WebRoute> webRoutes(Lab lab) {
        return List.of();
    }

    protected List<Volume> volumes(Lab lab) {
        return List.of();
    }

    /**
     * How long a first start may take before the kubelet's liveness probe may kill the container: InfluxDB's setup
     * and Grafana's first database migration take minutes on the small profile's CPU share.
     */
    protected Duration startupBudget() {
        return Duration.ofMinutes(3);
    }

    /** Its Deployment: {@link ComponentDeployment}, the same shape for every component. */
    public Deployment deployment(Lab lab) {
        return ComponentDeployment.of(this, lab);
    }

    /** The numeric uid its image runs as. */
    final long uid() {
        return uid;
    }

    // --- small builders shared by the components ---

    /** The component's one ClusterIP Service named after it, exposing its HTTP port. */
    protected List<Service> httpService(Lab lab, int port) {
        return List.of(LabObjects.service(lab, name(), name(), "ClusterIP", List.of(LabObjects.port("http", port))));
    }

    /** A data volume claim sized by the spec's storage override, else the given default. */
    protected List<PersistentVolumeClaim> dataClaim(Lab lab, String claim, StorageComponentSpec spec, String defaultSize) {
        String size = spec != null && spec.getStorage() != null ? spec.getStorage() : defaultSize;
        String storageClass = spec == null ? null : spec.getStorageClassName();
        return List.of(LabObjects.volumeClaim(lab, claim, name(), size, storageClass));
    }
}
