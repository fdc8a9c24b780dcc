package dev.iotlab.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The system Chromium (Debian's /usr/bin/chromium) driven headless by a Node script through playwright-core, the
 * way images/ checks the Node-RED dashboard: playwright-core is {@code npm ci}-installed once per lock into
 * ~/.cache/iotlab/playwright-&lt;hash&gt; (the same directory images' identical package files use). Scripts print one
 * JSON object per line; {@link #run} returns those lines.
 */
public final class Browser {
    public static final String CHROMIUM = find("/usr/bin/chromium", "/usr/bin/chromium-browser");
    public static final String NODE = find("/usr/bin/node", "/usr/local/bin/node");
    public static final String NPM = find("/usr/bin/npm", "/usr/local/bin/npm");
    private static final String LAUNCHER = "iotlab-chromium.js";

    private Browser() {
    }

    /** Why a browser test cannot run here, or null. */
    public static String missing() {
        if (CHROMIUM == null) {
            return "chromium is not installed (apt-get install -y chromium): pages are checked in a real browser";
        }
        if (NODE == null || NPM == null) {
            return "node and npm are not installed (apt-get install -y nodejs npm): they drive Chromium";
        }
        return null;
    }

    /**
     * Runs the script with NODE_PATH pointing at playwright-core and our shared launcher ({@code
     * require('iotlab-chromium')}) and CHROMIUM set; its JSON lines, or a failure.
     */
    public static List<String> run(Path script, Map<String, String> env, Path log, long timeoutSeconds) {
        Path modules = install().resolve("node_modules");
        placeLauncher(modules);
        List<String> command = List.of(NODE, script.toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectOutput(log.toFile()).redirectError(log.resolveSibling(log.getFileName() + ".err").toFile());
        pb.environment().putAll(env);
        pb.environment().put("NODE_PATH", modules.toString());
        pb.environment().put("CHROMIUM", CHROMIUM);
        try {
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(script + " did not finish in " + timeoutSeconds + " s; output " + log);
            }
            List<String> lines = Files.readAllLines(log);
            if (p.exitValue() != 0) {
                throw new AssertionError(script + " failed (exit " + p.exitValue() + "):\n" + String.join("\n", lines)
                        + "\n" + Files.readString(log.resolveSibling(log.getFileName() + ".err")));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static synchronized Path install() {
        try {
            String pkg = resource("package.json");
            String lock = resource("package-lock.json");
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((pkg + lock).getBytes(StandardCharsets.UTF_8));
            Path dir = Path.of(System.getProperty("user.home"), ".cache", "iotlab",
                    "playwright-" + HexFormat.of().formatHex(digest, 0, 6));
            if (Files.exists(dir.resolve(".installed"))) {
                return dir;
            }
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("package.json"), pkg);
            Files.writeString(dir.resolve("package-lock.json"), lock);
            ProcessBuilder pb = new ProcessBuilder(NPM, "ci", "--omit=dev", "--no-audit", "--no-fund").directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("npm-ci.log").toFile());
            pb.environment().put("NO_UPDATE_NOTIFIER", "1");
            Process p = pb.start();
            if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("npm ci in " + dir + " failed:\n"
                        + Files.readString(dir.resolve("npm-ci.log")));
            }
            Files.writeString(dir.resolve(".installed"), "ok\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Puts browser/iotlab-chromium.js into node_modules (replaced atomically: other JVMs may run checks too). */
    private static synchronized void placeLauncher(Path modules) {
        try {
            String launcher = resource(LAUNCHER);
            Path target = modules.resolve(LAUNCHER);
            if (Files.exists(target) && Files.readString(target).equals(launcher)) {
                return;
            }
            Path temp = Files.createTempFile(modules, "iotlab-chromium", ".tmp");
            Files.writeString(temp, launcher);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Browser.class.getResourceAsStream("browser/" + name)) {
            if (in == null) {
                throw new IllegalStateException("browser/" + name + " missing from test-support");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String find(String... candidates) {
        for (String c : candidates) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        return null;
    }

}
