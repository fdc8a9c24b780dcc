package dev.iotlab.e2e.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion, capturing output; never hangs a build (timeout kills it). */
public final class Proc {

    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** The last non-blank line of stderr (or stdout), for skip and failure messages. */
        public String lastError() {
            String text = stderr.isBlank() ? stdout : stderr;
            String[] lines = text.strip().split("\n");
            return lines.length == 0 ? "(no output)" : lines[lines.length - 1].strip();
        }

        public String describe() {
            return String.join(" ", command) + " -> exit " + exitCode + "\nstdout: " + tail(stdout) + "\nstderr: "
                    + tail(stderr);
        }

        private static String tail(String s) {
            return s.length() > 4000 ? "..." + s.substring(s.length() - 4000) : s;
        }
    }

    private Proc() {
    }

    public static Result run(Duration timeout, String... command) {
        return run(timeout, null, Map.of(), List.of(command));
    }

    public static Result run(Duration timeout, Path dir, Map<String, String> env, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().putAll(env);
        try {
            Path out = java.nio.file.Files.createTempFile("iotlab-e2e-", ".out");
            Path err = java.nio.file.Files.createTempFile("iotlab-e2e-", ".err");
            try {
                pb.redirectOutput(out.toFile()).redirectError(err.toFile());
                Process p = pb.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    return new Result(command, -1, read(out), read(err) + "\n(timed out after " + timeout + ")");
                }
                return new Result(command, p.exitValue(), read(out), read(err));
            } finally {
                java.nio.file.Files.deleteIfExists(out);
                java.nio.file.Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return new Result(command, -1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(command, -1, "", "interrupted");
        }
    }

    /** Whether an executable of that name is on PATH. */
    public static boolean onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && java.nio.file.Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    public static List<String> list(String... items) {
        return new ArrayList<>(List.of(items));
    }

    private static String read(Path p) throws IOException {
        return new String(java.nio.file.Files.readAllBytes(p), StandardCharsets.UTF_8);
    }
}
