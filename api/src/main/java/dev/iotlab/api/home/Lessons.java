package dev.iotlab.api.home;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The workshop's lessons as packaged into the API at build time (api/pom.xml copies workshop/modules/NN-*&#47;README.md,
 * their images and workshop/EVIDENCE.md to {@value #ROOT} on the classpath): read once at start-up, so the API needs
 * no repository at run time. Each lesson knows its path in the repository, which is what its relative links are
 * written against (they work on GitHub as they are).
 */
@Singleton
public class Lessons {
    /** Where the build puts the workshop's files on the classpath: the same layout as the repository's workshop/. */
    public static final String ROOT = "lessons";
    /** The workshop directory inside the repository, the prefix of every {@link Lesson#path()}. */
    static final String WORKSHOP = "workshop/";
    static final String EVIDENCE_ID = "evidence";
    private static final Pattern MODULE_DIR = Pattern.compile("(\\d{2})-[a-z0-9-]+");
    private static final Pattern HEADING = Pattern.compile("(?m)^#\\s+(.+?)\\s*#*\\s*$");

    /**
     * One page: a module's lesson ({@code id} "01".."10") or the evidence specification ({@code id} "evidence").
     *
     * @param path   its path in the repository, e.g. workshop/modules/05-node-red/README.md
     * @param images file name → bytes of the images beside it (its images/ folder), keyed images/name.png
     */
    public record Lesson(String id, String path, String title, String markdown, Map<String, byte[]> images) {
        /** The repository directory the lesson's relative links start from, with a trailing slash. */
        public String dir() {
            return path.substring(0, path.lastIndexOf('/') + 1);
        }

        public boolean isModule() {
            return !EVIDENCE_ID.equals(id);
        }
    }

    private final List<Lesson> modules;
    private final Lesson evidence;

    public Lessons() {
        this(packaged());
    }

    Lessons(List<Lesson> all) {
        this.modules = all.stream().filter(Lesson::isModule).sorted(Comparator.comparing(Lesson::id)).toList();
        this.evidence = all.stream().filter(l -> !l.isModule()).findFirst().orElse(null);
    }

    /** The module lessons in order. */
    public List<Lesson> modules() {
        return modules;
    }

    /** Every page: the modules, then the evidence specification when packaged. */
    public List<Lesson> all() {
        List<Lesson> out = new ArrayList<>(modules);
        if (evidence != null) {
            out.add(evidence);
        }
        return out;
    }

    public Optional<Lesson> find(String id) {
        return all().stream().filter(l -> l.id().equals(id)).findFirst();
    }

    /** The lesson of module {@code number} (1..10), when packaged. */
    public Optional<Lesson> module(int number) {
        return find(String.format("%02d", number));
    }

    public Optional<Lesson> previous(Lesson lesson) {
        int i = modules.indexOf(lesson);
        return i > 0 ? Optional.of(modules.get(i - 1)) : Optional.empty();
    }

    public Optional<Lesson> next(Lesson lesson) {
        int i = modules.indexOf(lesson);
        return i >= 0 && i + 1 < modules.size() ? Optional.of(modules.get(i + 1)) : Optional.empty();
    }

    /** The page whose repository path (or whose directory, as GitHub opens a folder's README) this is. */
    Optional<Lesson> byRepositoryPath(String path) {
        return all().stream().filter(l -> l.path().equals(path) || l.dir().equals(path) || l.dir().equals(path + "/"))
                .findFirst();
    }

    /** The lessons as packaged, read from the classpath (a directory in tests and the image, the jar otherwise). */
    static List<Lesson> packaged() {
        URL marker = Lessons.class.getResource("/" + ROOT + "/EVIDENCE.md");
        if (marker == null) {
            throw new IllegalStateException("The workshop lessons are not packaged (no /" + ROOT + "/EVIDENCE.md on "
                    + "the classpath): build the API with Maven, which copies them from ../workshop");
        }
        try {
            URI uri = marker.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return read(jar.provider().getPath(uri).getParent());
                }
            }
            return read(Path.of(uri).getParent());
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("Cannot read the packaged lessons at " + marker + ": " + e.getMessage(), e);
        }
    }

    /** Reads a workshop directory's lessons: modules/NN-name/README.md (+ images/*) and EVIDENCE.md. */
    public static List<Lesson> read(Path workshop) throws IOException {
        List<Lesson> out = new ArrayList<>();
        Path modulesDir = workshop.resolve("modules");
        try (Stream<Path> dirs = Files.list(modulesDir)) {
            for (Path dir : dirs.sorted().toList()) {
                Matcher m = MODULE_DIR.matcher(dir.getFileName().toString().replace("/", ""));
                Path readme = dir.resolve("README.md");
                if (m.matches() && Files.isRegularFile(readme)) {
                    String name = m.group();
                    out.add(lesson(m.group(1), "modules/" + name + "/README.md", readme, images(dir.resolve("images"))));
                }
            }
        }
        Path evidence = workshop.resolve("EVIDENCE.md");
        if (Files.isRegularFile(evidence)) {
            out.add(lesson(EVIDENCE_ID, "EVIDENCE.md", evidence, Map.of()));
        }
        return out;
    }

    private static Lesson lesson(String id, String relative, Path file, Map<String, byte[]> images) {
        try {
            String markdown = Files.readString(file, StandardCharsets.UTF_8);
            Matcher h = HEADING.matcher(markdown);
            String title = h.find() ? h.group(1) : relative;
            return new Lesson(id, WORKSHOP + relative, title, markdown, images);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, byte[]> images(Path dir) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    out.put("images/" + f.getFileName().toString().replace("/", ""), Files.readAllBytes(f));
                }
            }
        }
        return out;
    }
}
