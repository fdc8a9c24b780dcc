package dev.iotlab.operator.cli;

import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.StudentAccess;
import io.fabric8.kubernetes.api.model.AuthInfoBuilder;
import io.fabric8.kubernetes.api.model.ClusterBuilder;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.api.model.ContextBuilder;
import io.fabric8.kubernetes.api.model.NamedAuthInfoBuilder;
import io.fabric8.kubernetes.api.model.NamedClusterBuilder;
import io.fabric8.kubernetes.api.model.NamedContextBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * A kubeconfig for the student: their lab's {@code student} ServiceAccount (port-forward, logs, restarting its pods,
 * reading their namespace; see {@link StudentAccess}) through a TokenRequest token that expires with the lab
 * ({@code spec.expiresAt}) or after {@link #COURSE_LENGTH}. The ServiceAccount's own Secret-less identity is never
 * handed out; deleting the lab (and so the ServiceAccount) invalidates the token at once.
 */
public final class StudentKubeconfig {
    /** Lifetime when the lab has no expiresAt: a term. */
    public static final Duration COURSE_LENGTH = Duration.ofDays(120);
    /** The apiserver refuses shorter TokenRequests (hard-coded in its validation). */
    public static final Duration MINIMUM = Duration.ofMinutes(10);

    public record Issued(String kubeconfig, Instant expires) {
    }

    private StudentKubeconfig() {
    }

    /** How long the token is asked for: until expiresAt, else the course length; never below the minimum. */
    public static Duration lifetime(Lab lab, Instant now) {
        Duration d = lab.expiresAt().filter(at -> at.isAfter(now)).map(at -> Duration.between(now, at))
                .orElse(COURSE_LENGTH);
        return d.compareTo(MINIMUM) < 0 ? MINIMUM : d;
    }

    /** Asks the apiserver for the token and writes the kubeconfig around it (server: the given URL, or the client's). */
    public static Issued issue(KubernetesClient client, Lab lab, String server, Instant now) {
        TokenRequest request = new TokenRequestBuilder().withNewSpec()
                .withExpirationSeconds((lifetime(lab, now).toMillis() + 999) / 1000).endSpec().build();
        TokenRequest answer = client.serviceAccounts().inNamespace(lab.namespace()).withName(StudentAccess.NAME)
                .tokenRequest(request);
        String url = server != null ? server : client.getConfiguration().getMasterUrl().replaceAll("/+$", "");
        String name = "iotlab-" + lab.name();
        ClusterBuilder cluster = new ClusterBuilder().withServer(url);
        String ca = caData(client);
        if (ca != null) {
            cluster.withCertificateAuthorityData(ca);
        }
        var config = new ConfigBuilder().withApiVersion("v1").withKind("Config")
                .withClusters(new NamedClusterBuilder().withName(name).withCluster(cluster.build()).build())
                .withUsers(new NamedAuthInfoBuilder().withName(name + "-student")
                        .withUser(new AuthInfoBuilder().withToken(answer.getStatus().getToken()).build()).build())
                .withContexts(new NamedContextBuilder().withName(name).withContext(new ContextBuilder()
                        .withCluster(name).withUser(name + "-student").withNamespace(lab.namespace()).build()).build())
                .withCurrentContext(name).build();
        Instant expires = Instant.parse(answer.getStatus().getExpirationTimestamp());
        return new Issued(Serialization.asYaml(config), expires);
    }

    private static String caData(KubernetesClient client) {
        var c = client.getConfiguration();
        if (c.getCaCertData() != null && !c.getCaCertData().isBlank()) {
            return c.getCaCertData();
        }
        if (c.getCaCertFile() != null) {
            try {
                return Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(c.getCaCertFile())));
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }
}
