package dev.iotlab.operator.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Configuration files of the components (Grafana provisioning and dashboards, EMQX config, simulator scenarios),
 * copied at build time from the repository's images/ and simulator/scenarios/ into the operator jar — the one
 * source, no hand-copied duplicates.
 */
public final class BundledContent {
    private static final Map<String, String> TEXT_CACHE = new ConcurrentHashMap<>();
    private static final Map<String, Map<String, String>> DIR_CACHE = new ConcurrentHashMap<>();

    private BundledContent() {
    }

    public static String text(String path) {
        return TEXT_CACHE.computeIfAbsent(path, BundledContent::load);
    }

    /** Every file directly in a bundled directory, by file name, sorted; a copy the caller may keep. */
    public static Map<String, String> directory(String dir) {
        return new TreeMap<>(DIR_CACHE.computeIfAbsent(dir, BundledContent::loadDirectory));
    }

    private static String load(String path) {
        try (InputStream in = BundledContent.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalStateException("bundled file " + path + " is missing from the operator jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> loadDirectory(String dir) {
        URL url = BundledContent.class.getResource("/" + dir);
        if (url == null) {
            throw new IllegalStateException("bundled directory " + dir + " is missing from the operator jar");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                return read(fs.provider().getPath(uri));
            }
            return read(Path.of(uri));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> read(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.filter(Files::isRegularFile).toList()) {
                files.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
