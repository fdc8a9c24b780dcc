package dev.iotlab.operator.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Facts fixed at build time (Maven resource filtering of iotlab-build.properties): the project version, which is the
 * version of the operator, its charts, the CRD's {@link #VERSION_ANNOTATION} and the default tag of our own images.
 * {@code bin/set-version} changes it everywhere at once; {@code ReleaseVersionTest} (charts module) fails when any of
 * them disagree.
 */
public final class BuildInfo {
    /** Annotation on the CRD naming the project version that generated it. */
    public static final String VERSION_ANNOTATION = "iotlab.dev/version";

    private static final String VERSION = load();

    private BuildInfo() {
    }

    /** The project version, e.g. {@code 0.2.0} for a release or {@code 0.2.0-SNAPSHOT} for a development build. */
    public static String version() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("/iotlab-build.properties")) {
            if (in == null) {
                throw new IllegalStateException("iotlab-build.properties missing from the operator jar");
            }
            Properties props = new Properties();
            props.load(in);
            String version = props.getProperty("version");
            if (version == null || version.isBlank() || version.contains("${")) {
                throw new IllegalStateException("iotlab-build.properties has no filtered version (got " + version
                        + "): build through Maven, which fills in ${project.version}");
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
