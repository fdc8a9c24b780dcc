package dev.iotlab.operator.cli;

import dev.iotlab.operator.customresource.Profile;
import dev.iotlab.operator.doctor.ClusterDoctor;
import dev.iotlab.operator.doctor.ClusterDoctor.Check;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * `iotlab-operator doctor [--course C] [--students N]`: before a course, whether the cluster of the current
 * kubeconfig context will run it. Prints one line per check (✔ or ✘, and the fix under each ✘); exits 1 when a lab
 * would fail. The checks are {@link ClusterDoctor}'s; this class only reads options and prints.
 */
public final class DoctorCommand {
    public static final String NAME = "doctor";
    static final String USAGE = """
            usage: iotlab-operator doctor [--course C] [--students N] [--profile small|standard]
                   [--operator-namespace iotlab-system] [--ingress-class C | --gateway NS/NAME]
                   [--tls-source-secret NS/NAME] [--until 2027-01-31T18:00:00Z] [--kubeconfig FILE]
              Checks the cluster of the current kubeconfig context; exit code 1 when a lab would fail.""";

    private DoctorCommand() {
    }

    /** Runs with a client made from the kubeconfig (--kubeconfig, else KUBECONFIG or ~/.kube/config). */
    public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        return run(args, out, err, kubeconfig -> {
            Config config = kubeconfig == null ? Config.autoConfigure(null)
                    : Config.fromKubeconfig(null, readFile(kubeconfig), kubeconfig);
            return new KubernetesClientBuilder().withConfig(config).build();
        });
    }

    static int run(String[] args, PrintStream out, PrintStream err, Function<String, KubernetesClient> clients) {
        String course = null;
        Integer students = null;
        Profile profile = null;
        String operatorNamespace = "iotlab-system";
        String ingressClass = null;
        String gateway = null;
        String tlsSource = null;
        Instant until = null;
        String kubeconfig = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if ("-h".equals(a) || "--help".equals(a)) {
                    out.println(USAGE);
                    return 0;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("unknown argument or missing value: " + a);
                }
                String v = args[++i];
                switch (a) {
                    case "--course" -> course = v;
                    case "--students" -> {
                        students = Integer.parseInt(v);
                        if (students < 1) {
                            throw new IllegalArgumentException("--students must be at least 1");
                        }
                    }
                    case "--profile" -> profile = switch (v) {
                        case "small" -> Profile.SMALL;
                        case "standard" -> Profile.STANDARD;
                        default -> throw new IllegalArgumentException("--profile is small or standard, not " + v);
                    };
                    case "--operator-namespace" -> operatorNamespace = v;
                    case "--ingress-class" -> ingressClass = v;
                    case "--gateway" -> gateway = v;
                    case "--tls-source-secret" -> tlsSource = v;
                    case "--until" -> until = OffsetDateTime.parse(v).toInstant();
                    case "--kubeconfig" -> kubeconfig = v;
                    default -> throw new IllegalArgumentException("unknown argument " + a);
                }
            }
        } catch (RuntimeException e) {
            err.println("error: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        var options = new ClusterDoctor.Options(course, students, profile, operatorNamespace, ingressClass, gateway,
                tlsSource, until);
        try (KubernetesClient client = clients.apply(kubeconfig)) {
            out.println("Cluster " + client.getMasterUrl() + (course == null ? "" : ", course " + course));
            List<Check> checks = new ClusterDoctor(client, options, Instant.now()).run();
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

    private static String readFile(String file) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(file));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read --kubeconfig " + file + ": " + e.getMessage());
        }
    }
}
