package dev.iotlab.images.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code npm ci} of a package.json + package-lock.json into ~/.cache/iotlab/&lt;name&gt;-&lt;lock hash&gt; (once per lock):
 * the exact dependency tree the image installs.
 */
public final class NpmInstall {
    public static final String NODE = Processes.find("/usr/bin/node", "/usr/local/bin/node");
    public static final String NPM = Processes.find("/usr/bin/npm", "/usr/local/bin/npm");

    private NpmInstall() {
    }

    public static String missing() {
        return NODE == null || NPM == null ? "node and npm are not installed (apt-get install -y nodejs npm, Node >= 18.5)" : null;
    }

    public static synchronized Path install(String name, Path packageDir) {
        try {
            Path lock = packageDir.resolve("package-lock.json");
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (Files.readString(packageDir.resolve("package.json")) + Files.readString(lock)).getBytes());
            Path dir = Path.of(System.getProperty("user.home"), ".cache", "iotlab",
                    name + "-" + HexFormat.of().formatHex(digest, 0, 6));
            Path done = dir.resolve(".installed");
            if (Files.exists(done)) {
                return dir;
            }
            Files.createDirectories(dir);
            Files.copy(packageDir.resolve("package.json"), dir.resolve("package.json"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(lock, dir.resolve("package-lock.json"), StandardCopyOption.REPLACE_EXISTING);
            Path log = dir.resolve("npm-ci.log");
            int code = Processes.run(log, dir, Map.of("NO_UPDATE_NOTIFIER", "1"),
                    List.of(NPM, "ci", "--omit=dev", "--no-audit", "--no-fund"), 600);
            if (code != 0) {
                throw new IllegalStateException("npm ci in " + dir + " failed:\n" + Files.readString(log));
            }
            Files.writeString(done, "ok\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
