package dev.iotlab.operator.cli;

import dev.iotlab.operator.customresource.Profile;
import dev.iotlab.operator.doctor.ClusterDoctor;
import dev.iotlab.operator.doctor.ClusterDoctor.Check;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code iotlab-operator doctor [--course C] [--students N] ...}: before a course, whether the cluster of the current
 * kubeconfig context will run it. Prints one line per check (✔ or ✘, and the fix under each ✘); exits 1 when a lab
 * would fail. The checks are {@link ClusterDoctor}'s; this class only reads options and prints.
 */
@Command(name = DoctorCommand.NAME, synopsisHeading = "usage: ", sortOptions = false, sortSynopsis = false,
        description = "Checks, before a course, whether the cluster of the current kubeconfig context will run it "
                + "(needs cluster-admin).",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:all checks passed", "1:a lab would fail (or the cluster cannot be read)", "2:usage error"})
public final class DoctorCommand implements Callable<Integer> {
    public static final String NAME = "doctor";

    @Spec
    CommandSpec spec;

    @Option(names = "--course", order = 1, paramLabel = "<course>",
            description = "its labs (spec.course) give students, profile, ingress classes, Gateways and the course end")
    String course;

    Integer students;

    @Option(names = "--profile", order = 3, paramLabel = "small|standard", converter = ProfileConverter.class,
            description = "the profile to plan for (default: the course's labs', else small)")
    Profile profile;

    @Option(names = "--operator-namespace", order = 4, paramLabel = "<namespace>", defaultValue = "iotlab-system",
            description = "where the operator runs (default: ${DEFAULT-VALUE})")
    String operatorNamespace;

    @Option(names = "--ingress-class", order = 5, paramLabel = "<class>",
            description = "the IngressClass the labs will use (default: the labs', else the cluster's default)")
    String ingressClass;

    @Option(names = "--gateway", order = 6, paramLabel = "<namespace/name>",
            description = "a Gateway the labs will use: installed, Programmed, a listener that takes their HTTPRoutes")
    String gateway;

    @Option(names = "--tls-source-secret", order = 7, paramLabel = "<namespace/name>",
            description = "the operator's tls.sourceSecret: exists and lasts until the course ends")
    String tlsSource;

    @Option(names = "--until", order = 8, paramLabel = "<RFC 3339>", converter = InstantConverter.class,
            description = "when the course ends, e.g. 2027-01-31T18:00:00Z (default: the labs' latest expiresAt)")
    Instant until;

    @Option(names = "--kubeconfig", order = 9, paramLabel = "<file>",
            description = "the cluster to check (default: KUBECONFIG, else ~/.kube/config)")
    Path kubeconfig;

    @Option(names = {"-h", "--help"}, order = 10, usageHelp = true, description = "this help")
    boolean help;

    private final PrintStream out;
    private final PrintStream err;

    DoctorCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Option(names = "--students", order = 2, paramLabel = "<n>",
            description = "how many students to plan for (default: the course's labs, at least 1)")
    void students(int n) {
        if (n < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--students must be at least 1, not " + n);
        }
        students = n;
    }

    /** {@code doctor} with these arguments; returns the exit code. */
    public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        return OperatorCli.run(OperatorCli.prepend(NAME, args), stdin, out, err);
    }

    /** What the command line asks of the checks. */
    ClusterDoctor.Options options() {
        return new ClusterDoctor.Options(course, students, profile, operatorNamespace, ingressClass, gateway,
                tlsSource, until);
    }

    @Override
    public Integer call() {
        Config config;
        try {
            config = kubeconfig == null ? Config.autoConfigure(null)
                    : Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
        } catch (IOException e) {
            err.println("error: cannot read --kubeconfig " + kubeconfig + ": "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
            return 1;
        }
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            out.println("Cluster " + client.getMasterUrl() + (course == null ? "" : ", course " + course));
            List<Check> checks = new ClusterDoctor(client, options(), Instant.now()).run();
            print(checks, out);
            return checks.stream().allMatch(Check::ok) ? 0 : 1;
        } catch (KubernetesClientException e) {
            err.println("error: cannot read the cluster: " + (e.getStatus() != null && e.getStatus().getMessage() != null
                    ? e.getStatus().getMessage() : e.getMessage())
                    + " (is the kubeconfig's current context the right cluster, and are you an admin there?)");
            return 1;
        }
    }

    static void print(List<Check> checks, PrintStream out) {
        int width = checks.stream().mapToInt(c -> c.name().length()).max().orElse(10);
        for (Check c : checks) {
            out.printf(Locale.ROOT, "%s %-" + width + "s  %s%n", c.ok() ? "✔" : "✘", c.name(), c.detail());
            if (!c.ok()) {
                out.printf(Locale.ROOT, "  %-" + width + "s  fix: %s%n", "", c.fix());
            }
        }
        long failed = checks.stream().filter(c -> !c.ok()).count();
        out.println(failed == 0 ? "All checks passed: the cluster can run the course."
                : failed + " check" + (failed == 1 ? "" : "s") + " failed: labs would not work until fixed.");
    }

    static final class ProfileConverter implements CommandLine.ITypeConverter<Profile> {
        @Override
        public Profile convert(String value) {
            return switch (value) {
                case "small" -> Profile.SMALL;
                case "standard" -> Profile.STANDARD;
                default -> throw new CommandLine.TypeConversionException("small or standard, not " + value);
            };
        }
    }

    static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("not an RFC 3339 time (e.g. 2027-01-31T18:00:00Z): "
                        + value);
            }
        }
    }
}
