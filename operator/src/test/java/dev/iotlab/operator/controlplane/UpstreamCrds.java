package dev.iotlab.operator.controlplane;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * CRDs that other projects own, as their releases ship them, for tests on the real control plane: the Gateway API
 * standard channel (from the Go module sigs.k8s.io/gateway-api, config/crd/standard/) and Traefik's Middleware
 * (from github.com/traefik/traefik/v3, docs/content/reference/dynamic-configuration/). Fetched through the Go module
 * proxy with {@code go mod download} (cached in the Go module cache), read from there, never copied into this
 * repository. Their own schemas and CEL rules then judge the objects the operator writes.
 */
public final class UpstreamCrds {
    public static final String GATEWAY_API = "sigs.k8s.io/gateway-api@v1.4.1";
    public static final String TRAEFIK = "github.com/traefik/traefik/v3@v3.7.13";
    public static final List<String> GATEWAY_API_STANDARD = List.of("gatewayclasses", "gateways", "httproutes",
            "referencegrants");

    private static final Map<String, Optional<Path>> DIRS = new ConcurrentHashMap<>();

    private UpstreamCrds() {
    }

    /** The Gateway API standard-channel CRD files, or empty where the Go toolchain or proxy is not reachable. */
    public static Optional<List<Path>> gatewayApi() {
        return moduleDir(GATEWAY_API).map(dir -> GATEWAY_API_STANDARD.stream()
                .map(kind -> dir.resolve("config/crd/standard/gateway.networking.k8s.io_" + kind + ".yaml")).toList());
    }

    /** Traefik's Middleware CRD file (the only Traefik kind the operator writes). */
    public static Optional<Path> traefikMiddleware() {
        return moduleDir(TRAEFIK).map(dir ->
                dir.resolve("docs/content/reference/dynamic-configuration/traefik.io_middlewares.yaml"));
    }

    /** Why {@link #gatewayApi()} or {@link #traefikMiddleware()} is empty, for a skip message. */
    public static String unavailableReason(String module) {
        return "cannot fetch " + module + " with `go mod download` (Go toolchain or module proxy missing); "
                + "see target/upstream-crds.log";
    }

    /** Applies CRD files and waits until the API server serves them. */
    public static void install(KubernetesClient admin, List<Path> files) throws IOException {
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
                crd.getMetadata().setResourceVersion(null);
                admin.resource(crd).forceConflicts().serverSideApply();
                admin.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                        .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
                                && c.getStatus().getConditions().stream().anyMatch(
                                        x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
                                60, TimeUnit.SECONDS);
            }
        }
    }

    /** Deletes CRDs by name (with every object of their kinds) and waits until they are gone. */
    public static void uninstall(KubernetesClient admin, List<String> crdNames) {
        for (String name : crdNames) {
            admin.apiextensions().v1().customResourceDefinitions().withName(name).delete();
        }
        for (String name : crdNames) {
            admin.apiextensions().v1().customResourceDefinitions().withName(name)
                    .waitUntilCondition(java.util.Objects::isNull, 60, TimeUnit.SECONDS);
        }
    }

    public static List<String> gatewayApiCrdNames() {
        return GATEWAY_API_STANDARD.stream().map(kind -> kind + ".gateway.networking.k8s.io").toList();
    }

    private static Optional<Path> moduleDir(String module) {
        return DIRS.computeIfAbsent(module, UpstreamCrds::download);
    }

    private static Optional<Path> download(String module) {
        Path log = Path.of("target", "upstream-crds.log").toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
            Path work = Files.createTempDirectory("iotlab-go-mod-");
            ProcessBuilder pb = new ProcessBuilder(go(), "mod", "download", "-json", module)
                    .directory(work.toFile()).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().put("GOFLAGS", "-mod=mod");
            pb.environment().putIfAbsent("GOTOOLCHAIN", "local");
            Process p = pb.start();
            String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                Files.writeString(log, module + ": go mod download failed\n" + json, StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.APPEND);
                return Optional.empty();
            }
            Object dir = Serialization.unmarshal(json, Map.class).get("Dir");
            return dir == null ? Optional.empty() : Optional.of(Path.of(dir.toString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** go from PATH, else where Go's installer and Debian put it. */
    private static String go() {
        String path = System.getenv().getOrDefault("PATH", "");
        List<Path> candidates = new java.util.ArrayList<>();
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "go"));
            }
        }
        candidates.add(Path.of("/usr/local/go/bin/go"));
        candidates.add(Path.of("/usr/lib/go/bin/go"));
        return candidates.stream().filter(Files::isExecutable).findFirst().map(Path::toString).orElse("go");
    }
}
