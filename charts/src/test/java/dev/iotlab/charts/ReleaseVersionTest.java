package dev.iotlab.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.iotlab.operator.model.BuildInfo;
import dev.iotlab.operator.model.OperatorSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One version across the project: the root pom and every module's parent reference, both charts' version and
 * appVersion, the CRD's {@code iotlab.dev/version} annotation (both copies), the operator's BuildInfo and the tag
 * of our own default images. {@code bin/set-version} writes them all; this fails when one was edited alone.
 * With {@code -Diotlab.release.version=X} (release.yml, from the tag vX) it also checks that everything says X
 * and that X is not a development version.
 */
class ReleaseVersionTest {
    private static final Pattern PARENT_VERSION =
            Pattern.compile("<artifactId>iotlab-parent</artifactId>\\s*<version>([^<]+)</version>");

    static String rootPomVersion() {
        return pomVersion(Charts.ROOT.resolve("pom.xml"));
    }

    @Test
    void everyPlaceThatNamesTheVersionAgreesWithTheRootPom() {
        String version = rootPomVersion();
        assertThat(everyVersion()).as("run bin/set-version %s (or the version you meant) and commit", version)
                .allSatisfy((place, v) -> assertThat(v).as(place).isEqualTo(version));
    }

    @Test
    void theOperatorChartRunsTheImageOfItsOwnVersion() {
        var docs = Charts.template(Charts.OPERATOR, "iotlab-operator", "iotlab-system", null);
        var deployment = Charts.ofKind(docs, "Deployment").get(0);
        @SuppressWarnings("unchecked")
        var containers = (List<Map<String, Object>>) Charts.map(deployment, "spec", "template", "spec")
                .get("containers");
        assertThat(containers.get(0).get("image"))
                .isEqualTo(OperatorSettings.OWN_IMAGE_REPOSITORY + "iotlab-operator:" + rootPomVersion());
    }

    @Test
    void aReleaseBuildCarriesTheTagsVersionAndIsNoSnapshot() {
        String release = System.getProperty("iotlab.release.version", "");
        assumeTrue(!release.isBlank(), "not a release build (release.yml passes -Diotlab.release.version=<tag>)");
        assertThat(release).as("a release version").doesNotEndWith("-SNAPSHOT")
                .matches("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?");
        assertThat(rootPomVersion()).as("the tag v%s must be cut from a tree at that version: bin/set-version %s",
                release, release).isEqualTo(release);
        assertThat(everyVersion()).allSatisfy((place, v) -> assertThat(v).as(place).isEqualTo(release));
    }

    @Test
    void setVersionWritesEveryPlaceThisTestReads(@TempDir Path copy) throws Exception {
        // A copy of just the files that name the version (and the script), outside git.
        Map<String, String> original = writtenVersions(Charts.ROOT);
        List<String> files = new ArrayList<>(List.of("bin/set-version", "charts/iotlab-operator/Chart.yaml",
                "charts/iotlab-course/Chart.yaml"));
        files.addAll(CRDS);
        original.keySet().stream().filter(place -> place.endsWith("pom.xml")).forEach(files::add);
        for (String file : files) {
            Path target = copy.resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(Charts.ROOT.resolve(file), target, StandardCopyOption.COPY_ATTRIBUTES);
        }
        Process p = new ProcessBuilder("bash", copy.resolve("bin/set-version").toString(), "9.8.7-rc.1")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        Map<String, String> written = writtenVersions(copy);
        assertThat(written.keySet()).isEqualTo(original.keySet());
        assertThat(written).as("every place after bin/set-version 9.8.7-rc.1")
                .allSatisfy((place, v) -> assertThat(v).as(place).isEqualTo("9.8.7-rc.1"));
    }

    /** Place → the version written there (files of this checkout, and what this build compiled in). */
    static Map<String, String> everyVersion() {
        Map<String, String> found = writtenVersions(Charts.ROOT);
        found.put("operator BuildInfo.version()", BuildInfo.version());
        OperatorSettings.OWN_IMAGES.forEach(component -> {
            String image = OperatorSettings.DEFAULT_IMAGES.get(component);
            found.put("operator default image of " + component, image.substring(image.lastIndexOf(':') + 1));
        });
        return found;
    }

    /** Place → the version written there, in the files under {@code root} (what bin/set-version edits). */
    static Map<String, String> writtenVersions(Path root) {
        Map<String, String> found = new LinkedHashMap<>();
        List<Path> poms = new ArrayList<>();
        collect(root, poms);
        for (Path pom : poms) {
            found.put(root.relativize(pom).toString(), pomVersion(pom));
        }
        for (String chart : List.of("charts/iotlab-operator", "charts/iotlab-course")) {
            Map<String, Object> meta = yaml(root.resolve(chart).resolve("Chart.yaml"));
            found.put(chart + "/Chart.yaml version", String.valueOf(meta.get("version")));
            found.put(chart + "/Chart.yaml appVersion", String.valueOf(meta.get("appVersion")));
        }
        for (String crd : CRDS) {
            Map<String, Object> annotations = Charts.map(yaml(root.resolve(crd)), "metadata", "annotations");
            found.put(crd + " " + BuildInfo.VERSION_ANNOTATION,
                    annotations == null ? null : String.valueOf(annotations.get(BuildInfo.VERSION_ANNOTATION)));
        }
        return found;
    }

    static final List<String> CRDS = List.of("crds/iotlab.dev_iotlabs.yaml",
            "charts/iotlab-operator/crds/iotlab.dev_iotlabs.yaml");

    /** The pom under {@code dir} and the poms of every module it lists (recursively). */
    private static void collect(Path dir, List<Path> poms) {
        Path pom = dir.resolve("pom.xml");
        poms.add(pom);
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(read(pom));
        while (m.find()) {
            collect(dir.resolve(m.group(1)), poms);
        }
    }

    private static String pomVersion(Path pom) {
        Matcher m = PARENT_VERSION.matcher(read(pom));
        return m.find() ? m.group(1) : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) {
        try {
            String text = Files.readString(file);
            return Charts.YAML.readValue(text, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
