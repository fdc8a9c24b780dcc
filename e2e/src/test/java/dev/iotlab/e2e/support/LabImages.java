package dev.iotlab.e2e.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The images a lab runs, as the operator itself decides them ({@code iotlab-operator.jar render}): no second list. */
public final class LabImages {

    private static final Pattern IMAGE = Pattern.compile("^\\s+image:\\s*\"?([^\"\\s]+)\"?\\s*$", Pattern.MULTILINE);

    private LabImages() {
    }

    public static List<String> of(Path labFile) {
        Path root = LocalImages.root();
        Path jar = root.resolve("operator/target/iotlab-operator.jar");
        Proc.Result r = Proc.run(Duration.ofMinutes(2), root, Map.of(),
                List.of(javaBinary(), "-jar", jar.toString(), "render", "-f", labFile.toString()));
        if (!r.ok()) {
            throw new IllegalStateException("cannot render " + labFile + " (build the operator first): " + r.describe());
        }
        TreeSet<String> images = new TreeSet<>();
        Matcher m = IMAGE.matcher(r.stdout());
        while (m.find()) {
            images.add(m.group(1));
        }
        return List.copyOf(images);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
