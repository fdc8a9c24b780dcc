package dev.iotlab.operator.config;

import dev.iotlab.operator.customresource.GatewayScheme;
import dev.iotlab.operator.dependent.CrdPresent;
import dev.iotlab.operator.model.DefaultGateway;
import dev.iotlab.operator.model.OperatorSettings;
import java.time.Duration;
import dev.iotlab.operator.model.TlsSettings;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.convert.format.MapFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Operator settings from application.yml and environment (IOTLAB_IMAGES_EMQX, IOTLAB_USE_SSA, ...). */
@ConfigurationProperties("iotlab")
public class OperatorConfig {
    /** Images instead of the components' defaults, by component name (IOTLAB_IMAGES_EMQX=...). */
    private Map<String, String> images = new HashMap<>();
    /** Namespaces of the ingress controller, allowed into every lab by its NetworkPolicy. */
    private List<String> ingressNamespaces = OperatorSettings.DEFAULT_INGRESS_NAMESPACES;
    /** Server-side apply (production). Off only for the fabric8 mock server, which does not implement it. */
    private boolean useSsa = true;
    /** Leader election so that two replicas never reconcile at once. */
    private boolean leaderElection = true;
    /** Namespace of the leader-election Lease; the operator's own namespace (POD_NAMESPACE) by default. */
    private String leaseNamespace;
    /** This replica's name in the Lease; the pod's host name by default. */
    private String leaderIdentity;
    /**
     * A replica that loses its Lease exits so Kubernetes restarts it clean, rather than risk two replicas writing at
     * once. Off only in tests that run several operators in one JVM.
     */
    private boolean exitOnLeadershipLoss = true;
    /** Namespaces of the Gateway controllers' data planes (besides each Gateway's own), let into labs using one. */
    private List<String> gatewayNamespaces = OperatorSettings.DEFAULT_GATEWAY_NAMESPACES;
    /**
     * The default Gateway for labs whose spec.access.gateway names none (IOTLAB_GATEWAY_NAME, ..._NAMESPACE,
     * ..._SECTION_NAME), the domain of their hosts (&lt;lab&gt;.&lt;domain&gt;) and the scheme students use.
     */
    private String gatewayName;
    private String gatewayNamespace;
    private String gatewaySectionName;
    private String gatewayDomain;
    private GatewayScheme gatewayScheme;
    /** How often a missing optional CRD (Gateway API, Traefik) is looked for again. */
    private Duration crdRecheckInterval = CrdPresent.DEFAULT_RECHECK;
    /** A credentials Secret created this much later than InfluxDB's volume was generated again (CredentialsDrift). */
    private Duration credentialsDriftWindow = OperatorSettings.DEFAULT_CREDENTIALS_DRIFT_WINDOW;
    /** Reconcile threads. */
    private int concurrentReconciles = 10;

    /** Requests and limits per profile and component, e.g. sizing.small.emqx: 100m/256Mi/500m/512Mi. */
    @MapFormat(transformation = MapFormat.MapTransformation.FLAT)
    private Map<String, String> sizing = new HashMap<>();

    /** namespace/name of a kubernetes.io/tls Secret copied into every lab namespace (IOTLAB_TLS_SOURCE_SECRET). */
    private String tlsSourceSecret;
    /** cert-manager issuer named on the labs' Ingresses, ClusterIssuer/name or Issuer/name (IOTLAB_TLS_CERT_MANAGER_ISSUER). */
    private String tlsCertManagerIssuer;

    public OperatorSettings toSettings() {
        return new OperatorSettings(images, ingressNamespaces, OperatorSettings.parseSizing(sizing))
                .withGateway(new DefaultGateway(gatewayName, gatewayNamespace, gatewaySectionName, gatewayDomain,
                        gatewayScheme), gatewayNamespaces)
                .withTls(TlsSettings.parse(tlsSourceSecret, tlsCertManagerIssuer))
                .withCredentialsDriftWindow(credentialsDriftWindow);
    }

    public List<String> getGatewayNamespaces() { return gatewayNamespaces; }
    public void setGatewayNamespaces(List<String> gatewayNamespaces) { this.gatewayNamespaces = gatewayNamespaces; }
    public String getGatewayName() { return gatewayName; }
    public void setGatewayName(String gatewayName) { this.gatewayName = gatewayName; }
    public String getGatewayNamespace() { return gatewayNamespace; }
    public void setGatewayNamespace(String gatewayNamespace) { this.gatewayNamespace = gatewayNamespace; }
    public String getGatewaySectionName() { return gatewaySectionName; }
    public void setGatewaySectionName(String gatewaySectionName) { this.gatewaySectionName = gatewaySectionName; }
    public String getGatewayDomain() { return gatewayDomain; }
    public void setGatewayDomain(String gatewayDomain) { this.gatewayDomain = gatewayDomain; }
    public GatewayScheme getGatewayScheme() { return gatewayScheme; }
    public void setGatewayScheme(GatewayScheme gatewayScheme) { this.gatewayScheme = gatewayScheme; }
    public Duration getCrdRecheckInterval() { return crdRecheckInterval; }
    public void setCrdRecheckInterval(Duration crdRecheckInterval) { this.crdRecheckInterval = crdRecheckInterval; }

    public String getTlsSourceSecret() { return tlsSourceSecret; }
    public void setTlsSourceSecret(String tlsSourceSecret) { this.tlsSourceSecret = tlsSourceSecret; }
    public String getTlsCertManagerIssuer() { return tlsCertManagerIssuer; }
    public void setTlsCertManagerIssuer(String tlsCertManagerIssuer) { this.tlsCertManagerIssuer = tlsCertManagerIssuer; }

    public Map<String, String> getSizing() { return sizing; }
    public void setSizing(@MapFormat(transformation = MapFormat.MapTransformation.FLAT) Map<String, String> sizing) { this.sizing = sizing; }

    public Map<String, String> getImages() { return images; }
    public void setImages(Map<String, String> images) { this.images = images; }
    public List<String> getIngressNamespaces() { return ingressNamespaces; }
    public void setIngressNamespaces(List<String> ingressNamespaces) { this.ingressNamespaces = ingressNamespaces; }
    public boolean isUseSsa() { return useSsa; }
    public void setUseSsa(boolean useSsa) { this.useSsa = useSsa; }
    public boolean isLeaderElection() { return leaderElection; }
    public void setLeaderElection(boolean leaderElection) { this.leaderElection = leaderElection; }
    public String getLeaseNamespace() { return leaseNamespace; }
    public void setLeaseNamespace(String leaseNamespace) { this.leaseNamespace = leaseNamespace; }
    public String getLeaderIdentity() { return leaderIdentity; }
    public void setLeaderIdentity(String leaderIdentity) { this.leaderIdentity = leaderIdentity; }
    public boolean isExitOnLeadershipLoss() { return exitOnLeadershipLoss; }
    public void setExitOnLeadershipLoss(boolean exitOnLeadershipLoss) { this.exitOnLeadershipLoss = exitOnLeadershipLoss; }
    public Duration getCredentialsDriftWindow() { return credentialsDriftWindow; }
    public void setCredentialsDriftWindow(Duration credentialsDriftWindow) { this.credentialsDriftWindow = credentialsDriftWindow; }
    public int getConcurrentReconciles() { return concurrentReconciles; }
    public void setConcurrentReconciles(int concurrentReconciles) { this.concurrentReconciles = concurrentReconciles; }
}
