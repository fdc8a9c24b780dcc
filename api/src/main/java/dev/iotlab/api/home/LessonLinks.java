package dev.iotlab.api.home;

import dev.iotlab.api.home.Lessons.Lesson;
import java.net.URI;
import java.util.Optional;

/**
 * Where a link of a lesson goes on the home page. The lessons' links are written for GitHub, relative to the lesson's
 * file in the repository; on the page a lesson is {@code …/home/lessons/NN}, so: another lesson (its README.md or
 * its folder) → that lesson's page, an image beside the lesson → the served copy, a web address or an anchor →
 * unchanged; any other file of the repository (exercises/, solutions/, …) is not on the page and is shown as its
 * path in the course repository ({@link RepositoryFile}), never as a link that would break.
 */
final class LessonLinks {
    /** What a link becomes: an address relative to the lesson page, or a repository file shown as its path. */
    sealed interface Target permits Href, RepositoryFile {
    }

    record Href(String href) implements Target {
    }

    /** @param path the file's path in the repository, e.g. workshop/exercises/module03/write_points.py */
    record RepositoryFile(String path) implements Target {
    }

    private static final URI REPOSITORY = URI.create("repo:/");
    private final Lessons lessons;

    LessonLinks(Lessons lessons) {
        this.lessons = lessons;
    }

    /** The page address of a lesson, relative to any lesson page (they are siblings). */
    static String page(Lesson lesson) {
        return lesson.id();
    }

    /** The address of one of a lesson's images, relative to any lesson page. */
    static String image(Lesson lesson, String name) {
        return lesson.id() + "/" + name;
    }

    Target resolve(Lesson from, String destination) {
        if (destination.isEmpty() || destination.startsWith("#") || hasScheme(destination)) {
            return new Href(destination);
        }
        int hash = destination.indexOf('#');
        String fragment = hash < 0 ? "" : destination.substring(hash);
        String file = hash < 0 ? destination : destination.substring(0, hash);
        int query = file.indexOf('?');
        file = query < 0 ? file : file.substring(0, query);
        String path;
        try {
            // GitHub resolves "/x" against the repository's root and "x" against the file's folder
            path = REPOSITORY.resolve("/" + from.dir()).resolve(file).normalize().getPath();
        } catch (IllegalArgumentException e) {
            return new RepositoryFile(file);
        }
        path = path.startsWith("/") ? path.substring(1) : path;
        if (path.isEmpty() || path.startsWith("..")) {
            return new RepositoryFile(file);
        }
        Optional<Lesson> lesson = lessons.byRepositoryPath(path);
        if (lesson.isPresent()) {
            return new Href(page(lesson.get()) + fragment);
        }
        for (Lesson l : lessons.all()) {
            if (path.startsWith(l.dir()) && l.images().containsKey(path.substring(l.dir().length()))) {
                return new Href(image(l, path.substring(l.dir().length())));
            }
        }
        return new RepositoryFile(path);
    }

    private static boolean hasScheme(String destination) {
        int colon = destination.indexOf(':');
        int slash = destination.indexOf('/');
        return colon > 0 && (slash < 0 || colon < slash);
    }
}
