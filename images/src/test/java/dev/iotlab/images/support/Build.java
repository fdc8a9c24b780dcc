package dev.iotlab.images.support;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the module's inputs are: set by surefire (images/pom.xml), with fallbacks for running from an IDE. */
public final class Build {
    private Build() {
    }

    public static Path imagesDir() {
        return Path.of(System.getProperty("iotlab.images.dir", ".")).toAbsolutePath().normalize();
    }

    public static Path targetDir() {
        return Path.of(System.getProperty("iotlab.target.dir", imagesDir().resolve("target").toString()));
    }

    public static Path scenariosDir() {
        return Path.of(System.getProperty("iotlab.scenarios.dir", imagesDir().resolve("../simulator/scenarios").toString()))
                .normalize();
    }

    public static Path simulatorJar() {
        return jar("iotlab.simulator.jar", "simulator/target/iotlab-simulator.jar", "simulator");
    }

    public static Path operatorJar() {
        return jar("iotlab.operator.jar", "operator/target/iotlab-operator.jar", "operator");
    }

    private static Path jar(String property, String fallback, String module) {
        String configured = System.getProperty(property);
        Path jar = configured != null && !configured.startsWith("${") ? Path.of(configured)
                : imagesDir().resolve("..").resolve(fallback).normalize();
        assertThat(Files.isRegularFile(jar))
                .as("%s is missing: build it first (mvn -B -pl %s package -DskipTests)", jar, module).isTrue();
        return jar;
    }

    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
