package dev.iotlab.e2e.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Our Jib image tars ({@code <module>/target/jib-image.tar}). In the reactor build with {@code IOTLAB_BASE_TAR} set
 * (root profile local-images) they are made at package; when one is missing or older than its module's jar, they are
 * rebuilt here the same way: images/base/build-base.sh, then {@code mvn jib:buildTar -Djib.from.image=tar://...}.
 */
public final class LocalImages {

    private LocalImages() {
    }

    public static Path root() {
        return Path.of(System.getProperty("iotlab.root", "..")).toAbsolutePath().normalize();
    }

    public static String version() {
        String version = System.getProperty("iotlab.version");
        if (version == null || version.isBlank()) {
            throw new IllegalStateException("system property iotlab.version is not set: run through Maven (the e2e "
                    + "pom sets it to the project version) or pass -Diotlab.version=<version of pom.xml>");
        }
        return version;
    }

    /** The image tars of the given modules, built first when missing or stale. */
    public static List<Path> ensure(String... modules) {
        Path root = root();
        List<String> stale = new ArrayList<>();
        List<Path> tars = new ArrayList<>();
        for (String module : modules) {
            Path tar = root.resolve(module).resolve("target/jib-image.tar");
            tars.add(tar);
            if (!fresh(tar, root.resolve(module).resolve("target/iotlab-" + module + ".jar"))) {
                stale.add(module);
            }
        }
        if (!stale.isEmpty()) {
            build(root, stale);
        }
        return tars;
    }

    private static boolean fresh(Path tar, Path jar) {
        try {
            if (!Files.isRegularFile(tar)) {
                return false;
            }
            FileTime t = Files.getLastModifiedTime(tar);
            return !Files.exists(jar) || t.compareTo(Files.getLastModifiedTime(jar)) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void build(Path root, List<String> modules) {
        String base = System.getenv("IOTLAB_BASE_TAR");
        if (base == null || base.isBlank() || !Files.isRegularFile(Path.of(base))) {
            Proc.Result b = Proc.run(Duration.ofMinutes(10), root, Map.of(),
                    List.of("bash", root.resolve("images/base/build-base.sh").toString()));
            if (!b.ok()) {
                throw new IllegalStateException("images/base/build-base.sh failed: " + b.describe());
            }
            String[] lines = b.stdout().strip().split("\n");
            base = lines[lines.length - 1].strip();
        }
        // IOTLAB_BASE_TAR activates the root profile local-images: jib:buildTar runs at package.
        List<String> mvn = List.of("mvn", "-B", "-q", "-ntp", "-pl", String.join(",", modules), "package",
                "-DskipTests");
        Proc.Result r = Proc.run(Duration.ofMinutes(20), root, Map.of("IOTLAB_BASE_TAR", base), mvn);
        if (!r.ok()) {
            throw new IllegalStateException("building the images failed: " + r.describe());
        }
    }
}
