package dev.iotlab.e2e.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * podman or docker, whichever can actually run containers here (IOTLAB_CONTAINER_ENGINE forces one). Every call goes
 * through the engine's CLI, so the same test runs on both.
 */
public final class ContainerEngine {

    private static final Duration SHORT = Duration.ofMinutes(2);
    private static final Pattern LOADED = Pattern.compile("Loaded image(?: ID)?: *(\\S+)");

    private final String command;
    private final String version;

    private ContainerEngine(String command, String version) {
        this.command = command;
        this.version = version;
    }

    /** The first engine that answers {@code info}; otherwise empty, with why in {@code reasons}. */
    public static Optional<ContainerEngine> detect(List<String> reasons) {
        String forced = System.getenv("IOTLAB_CONTAINER_ENGINE");
        List<String> candidates = forced == null || forced.isBlank() ? List.of("podman", "docker") : List.of(forced);
        for (String candidate : candidates) {
            if (!Proc.onPath(candidate)) {
                reasons.add(candidate + " is not installed");
                continue;
            }
            Proc.Result info = Proc.run(SHORT, candidate, "info");
            if (!info.ok()) {
                reasons.add("'" + candidate + " info' failed: " + info.lastError());
                continue;
            }
            Proc.Result v = Proc.run(SHORT, candidate, "--version");
            return Optional.of(new ContainerEngine(candidate, v.stdout().strip()));
        }
        return Optional.empty();
    }

    public String command() {
        return command;
    }

    public String version() {
        return version;
    }

    /** Loads a docker-save/Jib tar and returns the image reference it carried. */
    public String load(Path tar) {
        Proc.Result r = call(Duration.ofMinutes(5), "load", "-i", tar.toString());
        if (!r.ok()) {
            throw new IllegalStateException("cannot load " + tar + ": " + r.describe());
        }
        Matcher m = LOADED.matcher(r.stdout() + "\n" + r.stderr());
        String image = null;
        while (m.find()) {
            image = m.group(1);
        }
        if (image == null) {
            throw new IllegalStateException("no image name in the output of " + r.describe());
        }
        return image;
    }

    /** Starts a detached container with host networking; returns its id. */
    public String runDetached(String name, String image, Map<String, String> env) {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", "host"));
        env.forEach((k, v) -> {
            args.add("-e");
            args.add(k + "=" + v);
        });
        args.add(image);
        Proc.Result r = call(SHORT, args.toArray(String[]::new));
        if (!r.ok()) {
            throw new IllegalStateException("cannot start " + image + ": " + r.describe());
        }
        return r.stdout().strip();
    }

    /**
     * Runs the image's JRE once ({@code java -version}) to prove the engine can start containers at all. Empty when
     * it works; otherwise the engine's own error, when it is the engine (runtime, cgroups, namespaces) that failed.
     * A failure of the image itself is thrown: that is our bug, not the machine's.
     */
    public Optional<String> cannotRunContainers(String image) {
        Proc.Result r = call(SHORT, "run", "--rm", "--network", "host", "--entrypoint", "java", image, "-version");
        if (r.ok()) {
            return Optional.empty();
        }
        String all = (r.stderr() + r.stdout()).toLowerCase(Locale.ROOT);
        for (String engineFault : List.of("oci runtime", "runc", "crun", "cgroup", "namespace", "netns",
                "operation not permitted", "permission denied", "overlay", "mount", "cannot connect to the docker daemon")) {
            if (all.contains(engineFault) && !all.contains("no such file or directory: java")) {
                return Optional.of(command + " cannot start a container here: " + r.lastError());
            }
        }
        throw new IllegalStateException("the image's Java runtime does not start: " + r.describe());
    }

    public String logs(String container) {
        Proc.Result r = call(SHORT, "logs", "--tail", "80", container);
        return r.stdout() + r.stderr();
    }

    /** Image size in bytes as the engine reports it (uncompressed, all layers). */
    public long imageSize(String image) {
        return Long.parseLong(inspectImage(image, "{{.Size}}"));
    }

    public String inspectImage(String image, String format) {
        Proc.Result r = call(SHORT, "image", "inspect", "--format", format, image);
        if (!r.ok()) {
            throw new IllegalStateException(r.describe());
        }
        return r.stdout().strip();
    }

    /** The effective uid of the container's main process, read from the host's /proc (rootful engines). */
    public OptionalUid processUid(String container) {
        Proc.Result r = call(SHORT, "inspect", "--format", "{{.State.Pid}}", container);
        if (!r.ok()) {
            return OptionalUid.unknown(r.lastError());
        }
        Path status = Path.of("/proc", r.stdout().strip(), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("Uid:")) {
                    return OptionalUid.of(Integer.parseInt(line.split("\\s+")[2]));
                }
            }
        } catch (Exception e) {
            return OptionalUid.unknown("cannot read " + status + ": " + e);
        }
        return OptionalUid.unknown("no Uid line in " + status);
    }

    public record OptionalUid(Integer uid, String whyUnknown) {
        static OptionalUid of(int uid) {
            return new OptionalUid(uid, null);
        }

        static OptionalUid unknown(String why) {
            return new OptionalUid(null, why);
        }
    }

    public void removeQuietly(String container) {
        call(SHORT, "rm", "-f", container);
    }

    private Proc.Result call(Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(command);
        cmd.addAll(List.of(args));
        return Proc.run(timeout, null, Map.of(), cmd);
    }

    @Override
    public String toString() {
        return version.isEmpty() ? command : version;
    }
}
