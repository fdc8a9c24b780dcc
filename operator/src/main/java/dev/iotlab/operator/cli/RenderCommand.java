package dev.iotlab.operator.cli;

import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.model.CredentialsSecret;
import dev.iotlab.operator.model.InvalidLabException;
import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.LabChecks;
import dev.iotlab.operator.model.LabResources;
import dev.iotlab.operator.model.OperatorSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints every object the operator would create for the IotLab(s) in a file, as multi-document YAML, with the
 * same code the reconciler uses. Secret values are placeholders: the real ones are random and made in the cluster;
 * {@code --generate-credentials} makes them here, as the operator would, for running a lab's images without it.
 */
@Command(name = RenderCommand.NAME, synopsisHeading = "usage: ",
        customSynopsis = "iotlab-operator render -f <lab.yaml | -> [--generate-credentials]   (one or more IotLab "
                + "documents)",
        description = "Prints every object the operator would create, without a cluster.")
public final class RenderCommand implements Callable<Integer> {
    public static final String NAME = "render";

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "<lab.yaml | ->",
            description = "IotLab documents; - reads stdin")
    String file;

    @Option(names = "--generate-credentials", description = "the credentials Secret with random values, as the "
            + "operator generates them, instead of placeholders (to run a lab's images without the operator; the "
            + "output then holds passwords)")
    boolean generateCredentials;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    boolean help;

    private final InputStream stdin;
    private final PrintStream out;
    private final PrintStream err;

    RenderCommand(InputStream stdin, PrintStream out, PrintStream err) {
        this.stdin = stdin;
        this.out = out;
        this.err = err;
    }

    /** {@code render} with these arguments; returns the exit code. */
    public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        return OperatorCli.run(OperatorCli.prepend(NAME, args), stdin, out, err);
    }

    @Override
    public Integer call() {
        try {
            List<IotLab> labs = LabFiles.read(file, stdin, LabFiles.OtherKinds.REFUSE);
            if (labs.isEmpty()) {
                throw new InvalidLabException("input", "holds no IotLab document");
            }
            StringBuilder sb = new StringBuilder();
            for (IotLab lab : labs) {
                for (HasMetadata object : render(lab, OperatorSettings.defaults(), Clock.systemUTC(),
                        generateCredentials)) {
                    sb.append(Serialization.asYaml(object));
                }
            }
            out.print(sb);
            return 0;
        } catch (IOException | InvalidLabException e) {
            err.println(LabFiles.inputError(file, e));
            return 1;
        }
    }

    /** Objects for one lab, owned by it as in the cluster, the Secret with placeholders. */
    public static List<HasMetadata> render(IotLab resource, OperatorSettings settings, Clock clock) {
        return render(resource, settings, clock, false);
    }

    /** Objects for one lab, owned by it as in the cluster; the Secret generated, or with placeholders. */
    public static List<HasMetadata> render(IotLab resource, OperatorSettings settings, Clock clock,
                                           boolean generateCredentials) {
        Lab lab = new Lab(resource, settings, clock.instant());
        LabChecks.validate(lab);
        List<HasMetadata> objects = new ArrayList<>(LabResources.all(lab));
        objects.add(1, generateCredentials ? CredentialsSecret.generate(lab) : placeholderSecret(lab));
        var owner = new OwnerReferenceBuilder().withApiVersion(IotLab.API_VERSION).withKind("IotLab")
                .withName(lab.name()).withUid("<uid of IotLab " + lab.name() + ">").withController(true)
                .withBlockOwnerDeletion(true).build();
        objects.forEach(o -> o.getMetadata().setOwnerReferences(List.of(owner)));
        return objects;
    }

    private static Secret placeholderSecret(Lab lab) {
        Secret secret = CredentialsSecret.generate(lab);
        Map<String, String> data = new TreeMap<>();
        secret.getStringData().keySet().forEach(k -> data.put(k, "<generated in the cluster>"));
        secret.setStringData(data);
        return secret;
    }
}
