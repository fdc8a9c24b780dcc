package dev.iotlab.operator.controlplane;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Kubernetes control plane for tests: etcd, kube-apiserver and kube-controller-manager running as local
 * processes on loopback ports. There is no scheduler and no kubelet, so Pods are created (and admitted or rejected
 * by PodSecurity) but never run. One instance is shared per JVM ({@link #shared()}), started on first use and
 * stopped by a shutdown hook, because starting it costs seconds; tests isolate themselves with their own namespaces
 * ({@link #newNamespace}).
 *
 * <p>The binaries come from {@code .ci/control-plane.sh} (built from Go modules, cached under
 * {@code ~/.cache/iotlab/}). Where they are missing and cannot be built, {@link #shared()} throws
 * {@link Unavailable} and {@link ControlPlaneExtension} turns that into a skipped test. Process logs go to
 * {@code target/control-plane/*.log}, with an {@code admin.kubeconfig} there for poking at a running one with kubectl.
 */
public final class ControlPlane {

    /** System property naming a directory with etcd, kube-apiserver and kube-controller-manager. */
    public static final String BIN_PROPERTY = "iotlab.k8s.bin";
    /** Environment variable with the same meaning as {@link #BIN_PROPERTY}. */
    public static final String BIN_ENV = "IOTLAB_K8S_BIN";
    /** Set to {@code false} to never run the (minutes long) build script from a test, only use built binaries. */
    public static final String BUILD_PROPERTY = "iotlab.k8s.build";

    static final List<String> BINARIES = List.of("etcd", "kube-apiserver", "kube-controller-manager");
    private static final String SCRIPT = ".ci/control-plane.sh";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    /**
     * Runs a command so that it dies with the JVM even on kill -9: the command's parent shell waits for it while a
     * watcher reads the JVM's pipe and terminates the command at end of file, which comes when the JVM closes the
     * pipe ({@link #stop()}) or exits.
     */
    private static final String WATCHDOG = """
            exec 3<&0
            "$@" </dev/null 3<&- &
            child=$!
            ( cat <&3 >/dev/null; kill -TERM "$child" 2>/dev/null ) &
            wait "$child"
            """;

    private static ControlPlane shared;
    private static RuntimeException startFailure;

    private final Path binDir;
    private final Path logDir;
    private final Path workDir;
    private final List<Process> processes = new ArrayList<>();
    private final String adminToken = randomToken();
    private String apiServerUrl;
    private String caCertPem;
    private KubernetesClient adminClient;
    private String version;
    private Duration startupTime;

    private ControlPlane(Path binDir, Path logDir) throws IOException {
        this.binDir = binDir;
        this.logDir = logDir;
        this.workDir = Files.createTempDirectory("iotlab-control-plane-");
    }

    /**
     * The control plane of this JVM, started on the first call.
     *
     * @throws Unavailable when the binaries are missing and cannot be built (tests should be skipped)
     * @throws IllegalStateException when the binaries exist but the control plane did not come up (a failure)
     */
    public static synchronized ControlPlane shared() {
        if (shared != null) {
            return shared;
        }
        if (startFailure != null) {
            throw startFailure;
        }
        try {
            Path logDir = Path.of("target", "control-plane").toAbsolutePath();
            Files.createDirectories(logDir);
            Path bin = locateBinaries(logDir);
            ControlPlane cp = new ControlPlane(bin, logDir);
            Runtime.getRuntime().addShutdownHook(new Thread(cp::stop, "control-plane-stop"));
            try {
                cp.start();
            } catch (Exception e) {
                cp.stop();
                throw e;
            }
            shared = cp;
            return cp;
        } catch (Unavailable e) {
            startFailure = e;
            throw e;
        } catch (Exception e) {
            startFailure = new IllegalStateException("Kubernetes control plane did not start: " + e.getMessage()
                    + " (logs: target/control-plane/*.log)", e);
            throw startFailure;
        }
    }

    /** Admin (system:masters) client, shared; do not close it. */
    public KubernetesClient adminClient() {
        return adminClient;
    }

    /** Client config for the admin user. */
    public Config adminConfig() {
        return configFor(adminToken);
    }

    /** Client config that authenticates with the given bearer token (e.g. from {@link #serviceAccountToken}). */
    public Config configFor(String bearerToken) {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(apiServerUrl)
                .withCaCertData(base64(caCertPem))
                .withOauthToken(bearerToken)
                .withNamespace("default")
                .build();
    }

    /** A new client authenticating with the given bearer token; the caller closes it. */
    public KubernetesClient clientFor(String bearerToken) {
        return new KubernetesClientBuilder().withConfig(configFor(bearerToken)).build();
    }

    /** A fresh token for a ServiceAccount, from the TokenRequest API (valid one hour). */
    public String serviceAccountToken(String namespace, String serviceAccount) {
        TokenRequest request = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build();
        return adminClient.serviceAccounts().inNamespace(namespace).withName(serviceAccount)
                .tokenRequest(request).getStatus().getToken();
    }

    /** A new client acting as the ServiceAccount, as a Pod running under it would; the caller closes it. */
    public KubernetesClient clientForServiceAccount(String namespace, String serviceAccount) {
        return clientFor(serviceAccountToken(namespace, serviceAccount));
    }

    /**
     * Creates a namespace with a unique name starting with {@code prefix}, so tests sharing this control plane do not
     * see each other's objects. Returns its name.
     */
    public String newNamespace(String prefix, Map<String, String> labels) {
        String name = prefix + "-" + HexFormat.of().formatHex(randomBytes(3));
        adminClient.namespaces().resource(new NamespaceBuilder()
                .withNewMetadata().withName(name).withLabels(labels).endMetadata().build()).create();
        return name;
    }

    /** The apiserver's version as it reports it, e.g. {@code v1.34.4}. */
    public String version() {
        return version;
    }

    public String apiServerUrl() {
        return apiServerUrl;
    }

    /** PEM of the CA that signed the apiserver's serving certificate. */
    public String caCertPem() {
        return caCertPem;
    }

    public Path binDir() {
        return binDir;
    }

    public Path logDir() {
        return logDir;
    }

    public Duration startupTime() {
        return startupTime;
    }

    // ---------------------------------------------------------------------------------------------------------------

    private void start() throws Exception {
        long t0 = System.nanoTime();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        int etcdPort = freePort(loopback);
        int etcdPeerPort = freePort(loopback);
        int apiPort = freePort(loopback);
        String etcdUrl = "http://127.0.0.1:" + etcdPort;
        String etcdPeerUrl = "http://127.0.0.1:" + etcdPeerPort;
        apiServerUrl = "https://127.0.0.1:" + apiPort;

        Process etcd = launch("etcd",
                "--name=iotlab",
                "--data-dir=" + workDir.resolve("etcd"),
                "--listen-client-urls=" + etcdUrl,
                "--advertise-client-urls=" + etcdUrl,
                "--listen-peer-urls=" + etcdPeerUrl,
                "--initial-advertise-peer-urls=" + etcdPeerUrl,
                "--initial-cluster=iotlab=" + etcdPeerUrl,
                "--unsafe-no-fsync",
                "--log-level=warn");
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        awaitUp("etcd", etcd, () -> get(plain, etcdUrl + "/health", null).contains("\"health\":\"true\""));

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair serviceAccountKey = rsa.generateKeyPair();
        Path saKey = write("sa.key", pem("PRIVATE KEY", serviceAccountKey.getPrivate().getEncoded()));
        Path saPub = write("sa.pub", pem("PUBLIC KEY", serviceAccountKey.getPublic().getEncoded()));
        String controllerManagerToken = randomToken();
        Path tokens = write("tokens.csv", String.join("\n",
                adminToken + ",admin,admin-uid,\"system:masters\"",
                controllerManagerToken + ",system:kube-controller-manager,kcm-uid,\"system:masters\"", ""));
        Path certDir = workDir.resolve("apiserver-certs");

        Process apiserver = launch("kube-apiserver",
                "--etcd-servers=" + etcdUrl,
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                // Endpoints may not point at loopback, so the default reconciler would fail (and log) every 10 s.
                "--endpoint-reconciler-type=none",
                "--secure-port=" + apiPort,
                "--cert-dir=" + certDir,
                "--token-auth-file=" + tokens,
                "--authorization-mode=Node,RBAC",
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                "--service-account-key-file=" + saPub,
                "--service-account-signing-key-file=" + saKey,
                "--service-cluster-ip-range=10.96.0.0/16",
                "--enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,PodSecurity,"
                        + "ResourceQuota,MutatingAdmissionWebhook,ValidatingAdmissionWebhook",
                "--allow-privileged=false",
                "--profiling=false");
        // With no --tls-cert-file the apiserver makes a CA and a serving cert for 127.0.0.1; the file holds both.
        Path servingCert = certDir.resolve("apiserver.crt");
        awaitUp("kube-apiserver", apiserver, () -> {
            if (!Files.isRegularFile(certDir.resolve("apiserver.key"))) {
                return false;
            }
            String pem = Files.readString(servingCert);
            HttpClient tls = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                    .sslContext(trusting(pem)).build();
            caCertPem = pem;
            return get(tls, apiServerUrl + "/readyz", adminToken).equals("ok");
        });

        Path kubeconfig = write("controller-manager.kubeconfig", kubeconfig(controllerManagerToken, servingCert));
        Files.writeString(logDir.resolve("admin.kubeconfig"), kubeconfig(adminToken, null));
        launch("kube-controller-manager",
                "--kubeconfig=" + kubeconfig,
                "--secure-port=0",
                "--leader-elect=false",
                // no cloud and no node CIDRs here
                "--controllers=*,-cloud-node-lifecycle-controller,-service-lb-controller,-node-route-controller,"
                        + "-node-ipam-controller",
                "--use-service-account-credentials=false",
                "--service-account-private-key-file=" + saKey,
                "--root-ca-file=" + servingCert,
                "--service-cluster-ip-range=10.96.0.0/16");

        adminClient = clientFor(adminToken);
        version = adminClient.getKubernetesVersion().getGitVersion();
        Process controllerManager = processes.get(processes.size() - 1);
        // The apiserver makes the default namespace; the controller manager's serviceaccount controller its SA.
        awaitUp("kube-controller-manager", controllerManager,
                () -> adminClient.serviceAccounts().inNamespace("default").withName("default").get() != null);
        startupTime = Duration.ofNanos(System.nanoTime() - t0);
        System.err.printf(Locale.ROOT, "control plane %s up at %s in %.1f s (binaries %s, logs %s)%n",
                version, apiServerUrl, startupTime.toMillis() / 1000.0, binDir, logDir);
    }

    /** Stops the processes, newest first, and removes the temporary data. Called by the shutdown hook. */
    synchronized void stop() {
        if (adminClient != null) {
            adminClient.close();
            adminClient = null;
        }
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            try {
                p.getOutputStream().close(); // the watchdog sends SIGTERM to the command
                if (!p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (IOException | InterruptedException e) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
        processes.clear();
        deleteRecursively(workDir);
    }

    private Process launch(String binary, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", WATCHDOG, "sh", binDir.resolve(binary).toString()));
        command.addAll(List.of(args));
        Path log = logDir.resolve(binary + ".log");
        Files.writeString(log, String.join(" ", command.subList(4, command.size())) + "\n\n");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        processes.add(p);
        return p;
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private void awaitUp(String name, Process process, Check check) throws Exception {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n"
                        + tail(logDir.resolve(name + ".log"), 30));
            }
            try {
                if (check.ok()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " not ready after " + STARTUP_TIMEOUT.toSeconds() + " s"
                + (last == null ? "" : " (last error: " + last + ")") + ":\n" + tail(logDir.resolve(name + ".log"), 30));
    }

    private static String get(HttpClient http, String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? response.body().trim() : "HTTP " + response.statusCode();
    }

    private String kubeconfig(String token, Path caFile) {
        String ca = caFile != null
                ? "certificate-authority: " + caFile
                : "certificate-authority-data: " + base64(caCertPem);
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: iotlab-test
                  cluster:
                    server: %s
                    %s
                users:
                - name: iotlab-test
                  user:
                    token: %s
                contexts:
                - name: iotlab-test
                  context:
                    cluster: iotlab-test
                    user: iotlab-test
                current-context: iotlab-test
                """.formatted(apiServerUrl, ca, token);
    }

    // --- finding the binaries ----------------------------------------------------------------------------------

    /** Thrown when the control plane cannot exist on this machine as it is; says how to fix that. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }

    private static Path locateBinaries(Path logDir) {
        String explicit = System.getProperty(BIN_PROPERTY, System.getenv(BIN_ENV));
        if (explicit != null && !explicit.isBlank()) {
            Path dir = Path.of(explicit);
            if (hasAll(dir)) {
                return dir;
            }
            throw new Unavailable(BIN_ENV + " / -D" + BIN_PROPERTY + " is " + dir + ", which lacks one of "
                    + BINARIES + ". Run " + SCRIPT + " and point it at the directory it prints last, or unset it.");
        }
        String buildProblem;
        Optional<Path> script = findScript();
        if (script.isEmpty()) {
            buildProblem = SCRIPT + " not found above " + Path.of("").toAbsolutePath();
        } else if (!Boolean.parseBoolean(System.getProperty(BUILD_PROPERTY, "true"))) {
            buildProblem = "building is switched off (-D" + BUILD_PROPERTY + "=false)";
        } else {
            buildProblem = runBuildScript(script.get(), logDir);
            if (buildProblem == null) {
                return lastBuilt;
            }
        }
        Optional<Path> cached = newestCached();
        if (cached.isPresent()) {
            return cached.get();
        }
        throw new Unavailable("no etcd/kube-apiserver/kube-controller-manager binaries in " + BIN_ENV
                + " or ~/.cache/iotlab/k8s-*/bin, and they could not be built: " + buildProblem
                + ". Fix: run " + SCRIPT + " (builds them from Go modules; needs Go >= 1.24 and the Go module "
                + "proxy, about 5 min cold on 2 cores), or set " + BIN_ENV + " to a directory holding them.");
    }

    private static Path lastBuilt;

    /** Runs the idempotent build script (milliseconds when cached); returns null on success, else why it failed. */
    private static String runBuildScript(Path script, Path logDir) {
        Path log = logDir.resolve("build.log");
        try {
            System.err.println("control plane: running " + script + " (minutes if not built yet; log " + log + ")");
            Process p = new ProcessBuilder("bash", script.toString())
                    .redirectError(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            int rc = p.waitFor();
            String last = out.isEmpty() ? "" : out.substring(out.lastIndexOf('\n') + 1).trim();
            if (rc == 0 && !last.isEmpty() && hasAll(Path.of(last))) {
                lastBuilt = Path.of(last);
                return null;
            }
            return script + " exited with " + rc + ": " + tail(log, 10).replace('\n', ' ');
        } catch (IOException e) {
            return "could not run " + script + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while running " + script;
        }
    }

    private static Optional<Path> findScript() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(SCRIPT);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static final Pattern CACHE_DIR = Pattern.compile("k8s-v(\\d+)\\.(\\d+)\\.(\\d+)-etcd-.*");

    private static Optional<Path> newestCached() {
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "iotlab");
        if (!Files.isDirectory(cache)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(cache)) {
            return dirs.filter(d -> CACHE_DIR.matcher(d.getFileName().toString()).matches())
                    .filter(d -> hasAll(d.resolve("bin")))
                    .max(Comparator.comparingLong(ControlPlane::versionKey))
                    .map(d -> d.resolve("bin"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long versionKey(Path dir) {
        Matcher m = CACHE_DIR.matcher(dir.getFileName().toString());
        m.matches();
        return Long.parseLong(m.group(1)) * 1_000_000L + Long.parseLong(m.group(2)) * 1_000L + Long.parseLong(m.group(3));
    }

    private static boolean hasAll(Path dir) {
        return BINARIES.stream().allMatch(b -> Files.isExecutable(dir.resolve(b)));
    }

    // --- small helpers -------------------------------------------------------------------------------------------

    private Path write(String name, String content) throws IOException {
        Path file = workDir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private static int freePort(InetAddress address) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, address)) {
            return socket.getLocalPort();
        }
    }

    private static SSLContext trusting(String pem) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate cert : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            store.setCertificateEntry("ca" + i++, cert);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static String randomToken() {
        return HexFormat.of().formatHex(randomBytes(24));
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log at " + file + ")";
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: it is a temp dir
        }
    }
}
