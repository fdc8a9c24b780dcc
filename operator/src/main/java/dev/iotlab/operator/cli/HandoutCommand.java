package dev.iotlab.operator.cli;

import dev.iotlab.operator.customresource.Endpoint;
import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.model.Components;
import dev.iotlab.operator.model.EmqxComponent;
import dev.iotlab.operator.model.ExposedBroker;
import dev.iotlab.operator.model.InvalidLabException;
import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.OperatorSettings;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The instructor's handout: per student, the lab's endpoints and credentials as Markdown, with a {@code .env} block
 * using the original platform's variable names so the student scripts run unchanged. Reads the cluster (IotLab
 * status and the lab's credentials Secret), or, with {@code -f}, IotLab documents without a cluster — then the
 * secrets are placeholders saying where to find them.
 */
@Command(name = HandoutCommand.NAME, synopsisHeading = "",
        customSynopsis = HandoutCommand.USAGE, description = "One Markdown handout per student.")
public final class HandoutCommand implements Callable<Integer> {
    public static final String NAME = "handout";
    static final String USAGE = """
            usage: iotlab-operator handout (--course <course> | --lab <name>... | --all) [--out <dir>]
                     reads the labs, their endpoints and credentials from the cluster (kubeconfig)
                   iotlab-operator handout -f <labs.yaml | -> [--out <dir>]
                     without a cluster, from IotLab documents (e.g. helm template of the course chart);
                     secrets are placeholders
                   --out <dir>  one Markdown file per student (<lab>.md); else one document on stdout
                   --kubeconfig with --out and a cluster: also <lab>.kubeconfig, the student's own access
                     (port-forward, logs, restart pods in their namespace) until the lab's expiresAt
                   --server <url>  the API server URL written into those kubeconfigs (default: yours)""";

    @Option(names = {"-f", "--file"}, description = "IotLab documents; - reads stdin")
    String file;
    @Option(names = "--course", description = "every lab with this spec.course")
    String course;
    @Option(names = "--lab", description = "this lab (repeatable)")
    List<String> labNames = new ArrayList<>();
    @Option(names = "--all", description = "every lab")
    boolean all;
    @Option(names = {"-o", "--out"}, description = "directory for one <lab>.md per student")
    String outDir;
    @Option(names = "--kubeconfig", description = "with --out and a cluster: also <lab>.kubeconfig")
    boolean kubeconfigs;
    @Option(names = "--server", description = "API server URL written into those kubeconfigs")
    String server;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    boolean help;

    private final InputStream stdin;
    private final PrintStream out;
    private final PrintStream err;
    private final Supplier<KubernetesClient> clients;

    HandoutCommand(InputStream stdin, PrintStream out, PrintStream err, Supplier<KubernetesClient> clients) {
        this.stdin = stdin;
        this.out = out;
        this.err = err;
        this.clients = clients;
    }

    public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        return OperatorCli.run(OperatorCli.prepend(NAME, args), stdin, out, err);
    }

    /** As {@link #run(String[], InputStream, PrintStream, PrintStream)} with the cluster client given (tests). */
    public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err,
                          Supplier<KubernetesClient> clients) {
        return OperatorCli.run(OperatorCli.prepend(NAME, args), stdin, out, err, clients);
    }

    @Override
    public Integer call() {
        int selectors = (file != null ? 1 : 0) + (course != null ? 1 : 0) + (labNames.isEmpty() ? 0 : 1) + (all ? 1 : 0);
        if (selectors != 1) {
            err.println("give exactly one of -f, --course, --lab, --all\n" + USAGE);
            return 2;
        }
        if (kubeconfigs && (outDir == null || file != null)) {
            err.println("--kubeconfig needs --out and the cluster (not -f): each student gets <lab>.kubeconfig\n" + USAGE);
            return 2;
        }
        List<Handout> handouts;
        java.util.Map<String, StudentKubeconfig.Issued> issued = new java.util.LinkedHashMap<>();
        try {
            if (file != null) {
                handouts = fromFile(file, stdin);
            } else {
                try (KubernetesClient client = clients.get()) {
                    handouts = fromCluster(client, course, labNames);
                    if (kubeconfigs) {
                        for (Handout h : handouts) {
                            IotLab resource = client.resources(IotLab.class).withName(h.labName()).get();
                            Lab lab = new Lab(resource, OperatorSettings.defaults(), Instant.now());
                            issued.put(h.labName(), StudentKubeconfig.issue(client, lab, server, Instant.now()));
                        }
                    }
                }
            }
        } catch (IOException | InvalidLabException e) {
            err.println(LabFiles.inputError(file, e));
            return 1;
        } catch (KubernetesClientException e) {
            err.println("error: cannot read the labs from the cluster: " + e.getMessage()
                    + "\n(check kubectl access, or use -f with the labs' YAML to print handouts without a cluster)");
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        if (handouts.isEmpty()) {
            err.println("error: no lab found" + (course != null ? " with spec.course " + course : ""));
            return 1;
        }
        try {
            if (outDir != null) {
                Path dir = Path.of(outDir);
                Files.createDirectories(dir);
                for (Handout h : handouts) {
                    Path target = dir.resolve(h.labName() + ".md");
                    Files.writeString(target, h.markdown(), StandardCharsets.UTF_8);
                    out.println("wrote " + target);
                    StudentKubeconfig.Issued kubeconfig = issued.get(h.labName());
                    if (kubeconfig != null) {
                        Path kc = dir.resolve(h.labName() + ".kubeconfig");
                        Files.writeString(kc, kubeconfig.kubeconfig(), StandardCharsets.UTF_8);
                        out.println("wrote " + kc + " (valid until " + kubeconfig.expires() + ")");
                    }
                }
            } else {
                out.print(String.join("\n---\n\n", handouts.stream().map(Handout::markdown).toList()));
            }
        } catch (IOException e) {
            err.println("error: cannot write " + outDir + ": " + e.getMessage());
            return 1;
        }
        return 0;
    }

    // --- where the facts come from ------------------------------------------------------------------------------

    static List<Handout> fromFile(String file, InputStream stdin) throws IOException {
        List<Handout> handouts = new ArrayList<>();
        // Other objects (e.g. `render` output) are skipped: only IotLabs make handouts.
        for (IotLab resource : LabFiles.read(file, stdin, LabFiles.OtherKinds.SKIP)) {
            Lab lab = new Lab(resource, OperatorSettings.defaults(), Instant.now());
            handouts.add(Handout.of(lab, Components.endpoints(lab), Credentials.placeholders(lab), null, null,
                    ExposedBroker.of(lab, Optional.empty())));
        }
        return handouts;
    }

    static List<Handout> fromCluster(KubernetesClient client, String course, List<String> names) {
        List<IotLab> labs = new ArrayList<>();
        if (!names.isEmpty()) {
            for (String name : names) {
                IotLab lab = client.resources(IotLab.class).withName(name).get();
                if (lab == null) {
                    throw new IllegalArgumentException("no IotLab named " + name);
                }
                labs.add(lab);
            }
        } else {
            client.resources(IotLab.class).list().getItems().stream()
                    .filter(l -> course == null || (l.getSpec() != null && course.equals(l.getSpec().getCourse())))
                    .sorted(Comparator.comparing(l -> l.getMetadata().getName()))
                    .forEach(labs::add);
        }
        List<Handout> handouts = new ArrayList<>();
        for (IotLab resource : labs) {
            Lab lab = new Lab(resource, OperatorSettings.defaults(), Instant.now());
            var status = resource.getStatus();
            List<Endpoint> endpoints = status != null && status.getEndpoints() != null && !status.getEndpoints().isEmpty()
                    ? status.getEndpoints() : Components.endpoints(lab);
            String secretName = status != null && status.getCredentialsSecret() != null
                    ? status.getCredentialsSecret() : lab.credentialsSecretName();
            Secret secret = client.secrets().inNamespace(lab.namespace()).withName(secretName).get();
            Credentials credentials = secret == null ? Credentials.placeholders(lab) : Credentials.of(secret);
            String phase = status == null || status.getPhase() == null ? "Pending" : status.getPhase().name();
            String message = status == null ? null : status.getMessage();
            handouts.add(Handout.of(lab, endpoints, credentials, phase, message, mqttFromCluster(client, lab)));
        }
        return handouts;
    }

    /** MQTT over TCP from outside: the broker's LoadBalancer address or NodePort, if the lab has one. */
    private static Optional<ExposedBroker> mqttFromCluster(KubernetesClient client, Lab lab) {
        if (ExposedBroker.of(lab, Optional.empty()).isEmpty()) {
            return Optional.empty();
        }
        return ExposedBroker.of(lab, Optional.ofNullable(
                client.services().inNamespace(lab.namespace()).withName(EmqxComponent.NAME).get()));
    }
}
