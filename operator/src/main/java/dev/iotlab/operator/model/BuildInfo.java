package dev.iotlab.operator.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Facts fixed at build time (Maven resource filtering of iotlab-build.properties). */
final class BuildInfo {
    private BuildInfo() {
    }

    static String version() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("/iotlab-build.properties")) {
            if (in == null) {
                throw new IllegalStateException("iotlab-build.properties missing from the operator jar");
            }
            Properties props = new Properties();
            props.load(in);
            return props.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
