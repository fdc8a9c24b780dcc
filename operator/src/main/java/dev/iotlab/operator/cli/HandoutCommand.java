package dev.iotlab.operator.cli;

import dev.iotlab.contract.StudentEnv;
import dev.iotlab.operator.customresource.Endpoint;
import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.customresource.MqttServiceType;
import dev.iotlab.operator.model.Components;
import dev.iotlab.operator.model.CredentialsSecret;
import dev.iotlab.operator.model.EmqxComponent;
import dev.iotlab.operator.model.InvalidLabException;
import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.OperatorSettings;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The instructor's handout: per student, the lab's endpoints and credentials as Markdown, with a {@code .env} block
 * using the original platform's variable names so the student scripts run unchanged. Reads the cluster (IotLab
 * status and the lab's credentials Secret), or, with {@code -f}, IotLab documents without a cluster — then the
 * secrets are placeholders saying where to find them.
 */
public final class HandoutCommand {
    public static final String NAME = "handout";
    static final String USAGE = """
            usage: iotlab-operator handout (--course <course> | --lab <name>... | --all) [--out <dir>]
                     reads the labs, their endpoints and credentials from the cluster (kubeconfig)
                   iotlab-operator handout -f <labs.yaml | -> [--out <dir>]
                     without a cluster, from IotLab documents (e.g. helm template of the course chart);
                     secrets are placeholders
                   --out <dir>  one Markdown file per student (<lab>.md); else one document on stdout
                   --kubeconfig with --out and a cluster: also <lab>.kubeconfig, the student's own access
                     (port-forward, logs, restart pods in their namespace) until the lab's expiresAt
                   --server <url>  the API server URL written into those kubeconfigs (default: yours)""";

    private HandoutCommand() {
    }

    public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        return run(args, stdin, out, err, () -> new KubernetesClientBuilder().build());
    }

    /** As {@link #run(String[], InputStream, PrintStream, PrintStream)} with the cluster client given (tests). */
    public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err,
                          Supplier<KubernetesClient> clients) {
        String file = null;
        String course = null;
        String outDir = null;
        boolean all = false;
        boolean kubeconfigs = false;
        String server = null;
        List<String> labNames = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            boolean hasValue = i + 1 < args.length;
            if (("-f".equals(a) || "--file".equals(a)) && hasValue) {
                file = args[++i];
            } else if ("--course".equals(a) && hasValue) {
                course = args[++i];
            } else if ("--lab".equals(a) && hasValue) {
                labNames.add(args[++i]);
            } else if ("--all".equals(a)) {
                all = true;
            } else if ("--kubeconfig".equals(a)) {
                kubeconfigs = true;
            } else if ("--server".equals(a) && hasValue) {
                server = args[++i];
            } else if (("--out".equals(a) || "-o".equals(a)) && hasValue) {
                outDir = args[++i];
            } else if ("-h".equals(a) || "--help".equals(a)) {
                out.println(USAGE);
                return 0;
            } else {
                err.println("unknown argument " + a + "\n" + USAGE);
                return 2;
            }
        }
        int selectors = (file != null ? 1 : 0) + (course != null ? 1 : 0) + (labNames.isEmpty() ? 0 : 1) + (all ? 1 : 0);
        if (selectors != 1) {
            err.println("give exactly one of -f, --course, --lab, --all\n" + USAGE);
            return 2;
        }
        if (kubeconfigs && (outDir == null || file != null)) {
            err.println("--kubeconfig needs --out and the cluster (not -f): each student gets <lab>.kubeconfig\n" + USAGE);
            return 2;
        }
        List<Handout> handouts;
        java.util.Map<String, StudentKubeconfig.Issued> issued = new java.util.LinkedHashMap<>();
        try {
            if (file != null) {
                handouts = fromFile(file, stdin);
            } else {
                try (KubernetesClient client = clients.get()) {
                    handouts = fromCluster(client, course, labNames);
                    if (kubeconfigs) {
                        for (Handout h : handouts) {
                            IotLab resource = client.resources(IotLab.class).withName(h.labName()).get();
                            Lab lab = new Lab(resource, OperatorSettings.defaults(), Instant.now());
                            issued.put(h.labName(), StudentKubeconfig.issue(client, lab, server, Instant.now()));
                        }
                    }
                }
            }
        } catch (IOException | InvalidLabException e) {
            err.println(LabFiles.inputError(file, e));
            return 1;
        } catch (KubernetesClientException e) {
            err.println("error: cannot read the labs from the cluster: " + e.getMessage()
                    + "\n(check kubectl access, or use -f with the labs' YAML to print handouts without a cluster)");
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        if (handouts.isEmpty()) {
            err.println("error: no lab found" + (course != null ? " with spec.course " + course : ""));
            return 1;
        }
        try {
            if (outDir != null) {
                Path dir = Path.of(outDir);
                Files.createDirectories(dir);
                for (Handout h : handouts) {
                    Path target = dir.resolve(h.labName() + ".md");
                    Files.writeString(target, h.markdown(), StandardCharsets.UTF_8);
                    out.println("wrote " + target);
                    StudentKubeconfig.Issued kubeconfig = issued.get(h.labName());
                    if (kubeconfig != null) {
                        Path kc = dir.resolve(h.labName() + ".kubeconfig");
                        Files.writeString(kc, kubeconfig.kubeconfig(), StandardCharsets.UTF_8);
                        out.println("wrote " + kc + " (valid until " + kubeconfig.expires() + ")");
                    }
                }
            } else {
                out.print(String.join("\n---\n\n", handouts.stream().map(Handout::markdown).toList()));
            }
        } catch (IOException e) {
            err.println("error: cannot write " + outDir + ": " + e.getMessage());
            return 1;
        }
        return 0;
    }

    // --- where the facts come from ------------------------------------------------------------------------------

    static List<Handout> fromFile(String file, InputStream stdin) throws IOException {
        List<Handout> handouts = new ArrayList<>();
        // Other objects (e.g. `render` output) are skipped: only IotLabs make handouts.
        for (IotLab resource : LabFiles.read(file, stdin, LabFiles.OtherKinds.SKIP)) {
            Lab lab = new Lab(resource, OperatorSettings.defaults(), Instant.now());
            handouts.add(Handout.of(lab, modelEndpoints(lab), Credentials.placeholders(lab), null, null,
                    mqttPlaceholder(lab)));
        }
        return handouts;
    }

    static List<Handout> fromCluster(KubernetesClient client, String course, List<String> names) {
        List<IotLab> labs = new ArrayList<>();
        if (!names.isEmpty()) {
            for (String name : names) {
                IotLab lab = client.resources(IotLab.class).withName(name).get();
                if (lab == null) {
                    throw new IllegalArgumentException("no IotLab named " + name);
                }
                labs.add(lab);
            }
        } else {
            client.resources(IotLab.class).list().getItems().stream()
                    .filter(l -> course == null || (l.getSpec() != null && course.equals(l.getSpec().getCourse())))
                    .sorted(Comparator.comparing(l -> l.getMetadata().getName()))
                    .forEach(labs::add);
        }
        List<Handout> handouts = new ArrayList<>();
        for (IotLab resource : labs) {
            Lab lab = new Lab(resource, OperatorSettings.defaults(), Instant.now());
            var status = resource.getStatus();
            List<Endpoint> endpoints = status != null && status.getEndpoints() != null && !status.getEndpoints().isEmpty()
                    ? status.getEndpoints() : modelEndpoints(lab);
            String secretName = status != null && status.getCredentialsSecret() != null
                    ? status.getCredentialsSecret() : lab.credentialsSecretName();
            Secret secret = client.secrets().inNamespace(lab.namespace()).withName(secretName).get();
            Credentials credentials = secret == null ? Credentials.placeholders(lab) : Credentials.of(secret);
            String phase = status == null || status.getPhase() == null ? "Pending" : status.getPhase().name();
            String message = status == null ? null : status.getMessage();
            handouts.add(Handout.of(lab, endpoints, credentials, phase, message, mqttFromCluster(client, lab)));
        }
        return handouts;
    }

    private static List<Endpoint> modelEndpoints(Lab lab) {
        return Components.enabled(lab).stream().flatMap(c -> c.endpoints(lab).stream()).toList();
    }

    /** MQTT over TCP from outside: the broker's LoadBalancer address or NodePort, if the lab has one. */
    private static Optional<String[]> mqttFromCluster(KubernetesClient client, Lab lab) {
        MqttServiceType type = lab.access().mqttServiceTypeOrDefault();
        if (type == MqttServiceType.ClusterIP || !new EmqxComponent().enabled(lab)) {
            return Optional.empty();
        }
        Service service = client.services().inNamespace(lab.namespace()).withName(EmqxComponent.NAME).get();
        if (service == null) {
            return mqttPlaceholder(lab);
        }
        Optional<ServicePort> mqtt = service.getSpec().getPorts().stream()
                .filter(p -> p.getPort() != null && p.getPort() == EmqxComponent.MQTT_PORT).findFirst();
        if (type == MqttServiceType.LoadBalancer && service.getStatus() != null
                && service.getStatus().getLoadBalancer() != null
                && service.getStatus().getLoadBalancer().getIngress() != null
                && !service.getStatus().getLoadBalancer().getIngress().isEmpty()) {
            LoadBalancerIngress lb = service.getStatus().getLoadBalancer().getIngress().get(0);
            String host = lb.getHostname() != null ? lb.getHostname() : lb.getIp();
            return Optional.of(new String[] {host, String.valueOf(EmqxComponent.MQTT_PORT)});
        }
        if (mqtt.isPresent() && mqtt.get().getNodePort() != null) {
            return Optional.of(new String[] {"<address of any cluster node>", String.valueOf(mqtt.get().getNodePort())});
        }
        return mqttPlaceholder(lab);
    }

    private static Optional<String[]> mqttPlaceholder(Lab lab) {
        return switch (lab.access().mqttServiceTypeOrDefault()) {
            case ClusterIP -> Optional.empty();
            case NodePort -> Optional.of(new String[] {"<address of any cluster node>",
                    "<nodePort of Service " + lab.namespace() + "/emqx>"});
            case LoadBalancer -> Optional.of(new String[] {"<external address of Service " + lab.namespace()
                    + "/emqx>", String.valueOf(EmqxComponent.MQTT_PORT)});
        };
    }

    // --- the handout --------------------------------------------------------------------------------------------

    /** The lab's credentials, real or as placeholders. */
    record Credentials(Map<String, String> values, boolean placeholders, String secretRef) {
        static Credentials of(Secret secret) {
            Map<String, String> values = new LinkedHashMap<>();
            if (secret.getData() != null) {
                secret.getData().forEach((k, v) -> values.put(k,
                        new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
            }
            if (secret.getStringData() != null) {
                values.putAll(secret.getStringData());
            }
            return new Credentials(values, false,
                    secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName());
        }

        static Credentials placeholders(Lab lab) {
            return new Credentials(Map.of(), true, lab.namespace() + "/" + lab.credentialsSecretName());
        }

        String get(String key) {
            String v = values.get(key);
            return v != null ? v : "<" + key + " from Secret " + secretRef + ">";
        }
    }

    record Handout(String labName, String markdown) {
        static Handout of(Lab lab, List<Endpoint> endpoints, Credentials creds, String phase, String message,
                          Optional<String[]> mqttExternal) {
            return new Handout(lab.name(), Markdown.render(lab, endpoints, creds, phase, message, mqttExternal));
        }
    }

    /** Builds the Markdown text. */
    static final class Markdown {
        private Markdown() {
        }

        static String render(Lab lab, List<Endpoint> endpoints, Credentials creds, String phase, String message,
                             Optional<String[]> mqttExternal) {
            Map<String, Endpoint> byName = new LinkedHashMap<>();
            endpoints.forEach(e -> byName.put(e.getName(), e));
            String ns = lab.namespace();
            var student = lab.spec().getStudent();
            StringBuilder md = new StringBuilder();
            md.append("# IoT lab: ").append(student == null ? lab.name() : student.getName()).append("\n\n");
            md.append("| | |\n|---|---|\n");
            if (student != null && student.getEmail() != null) {
                md.append("| Student | ").append(student.getName()).append(" <").append(student.getEmail()).append("> |\n");
            }
            if (lab.course() != null) {
                md.append("| Course | ").append(lab.course()).append(" |\n");
            }
            md.append("| Lab | `").append(lab.name()).append("` |\n");
            md.append("| Namespace | `").append(ns).append("` |\n");
            if (phase != null) {
                md.append("| Status | ").append(phase).append(message == null ? "" : ": " + message).append(" |\n");
            }
            lab.expiresAt().ifPresent(at -> md.append("| Available until | ").append(at).append(" |\n"));
            md.append('\n');
            if (creds.placeholders()) {
                md.append("> Secrets are placeholders: this handout was made without cluster access. The values are in "
                        + "Secret `").append(creds.secretRef()).append("`, e.g. `kubectl -n ").append(ns)
                        .append(" get secret ").append(lab.credentialsSecretName())
                        .append(" -o jsonpath='{.data.mqtt-password}' | base64 -d`.\n\n");
            }

            boolean ingress = lab.externalHost().isPresent();
            List<String[]> forwards = new ArrayList<>();
            // Where each service is reached from the student's computer.
            String mqttHost;
            String mqttPort;
            if (byName.containsKey("mqtt")) {
                if (mqttExternal.isPresent()) {
                    mqttHost = mqttExternal.get()[0];
                    mqttPort = mqttExternal.get()[1];
                } else {
                    URI u = URI.create(byName.get("mqtt").getInternal());
                    forwards.add(forward(u));
                    mqttHost = "localhost";
                    mqttPort = String.valueOf(u.getPort());
                }
            } else {
                mqttHost = null;
                mqttPort = null;
            }
            Map<String, String> urls = new LinkedHashMap<>();
            for (String name : List.of("influxdb", "api", "grafana", "node-red", "node-red-dashboard",
                    "emqx-dashboard", "mqtt-websocket")) {
                Endpoint e = byName.get(name);
                if (e == null) {
                    continue;
                }
                if (ingress && e.getExternal() != null) {
                    urls.put(name, e.getExternal());
                } else {
                    URI u = URI.create(e.getInternal());
                    String[] f = forward(u);
                    if (forwards.stream().noneMatch(x -> x[0].equals(f[0]))) {
                        forwards.add(f);
                    }
                    urls.put(name, u.getScheme() + "://localhost:" + u.getPort() + (u.getPath() == null ? "" : u.getPath()));
                }
            }
            String influxUrl = urls.get("influxdb");
            String apiUrl = urls.get("api");

            md.append("## Your services\n\n| Service | Address |\n|---|---|\n");
            if (mqttHost != null) {
                md.append("| MQTT broker | `").append(mqttHost).append(':').append(mqttPort).append("` |\n");
            }
            row(md, "MQTT over WebSocket", urls.get("mqtt-websocket"));
            row(md, "Lab REST API", apiUrl);
            row(md, "InfluxDB", influxUrl);
            row(md, "Grafana", urls.get("grafana"));
            row(md, "Node-RED editor", urls.get("node-red"));
            row(md, "Node-RED dashboard", urls.get("node-red-dashboard"));
            row(md, "EMQX dashboard", urls.get("emqx-dashboard"));
            md.append('\n');

            if (!forwards.isEmpty()) {
                md.append(ingress ? "Services without an address on `" + lab.externalHost().get().host()
                        + "` are reached through `kubectl port-forward`; keep these running in a terminal:\n\n"
                        : "Your lab has no external address: reach it through `kubectl port-forward` and keep these "
                        + "running in a terminal (each in its own, or add `&`):\n\n");
                md.append("```sh\n");
                for (String[] f : forwards) {
                    md.append("kubectl -n ").append(ns).append(" port-forward svc/").append(f[0]).append(' ')
                            .append(f[1]).append(':').append(f[1]).append('\n');
                }
                md.append("```\n\n");
            }

            md.append("## `.env` for the workshop scripts\n\n```dotenv\n");
            if (mqttHost != null) {
                md.append(StudentEnv.MQTT_BROKER.line(mqttHost)).append('\n');
                md.append(StudentEnv.MQTT_PORT.line(mqttPort)).append('\n');
                md.append(StudentEnv.MQTT_USERNAME.line(creds.get(CredentialsSecret.MQTT_USERNAME))).append('\n');
                md.append(StudentEnv.MQTT_PASSWORD.line(creds.get(CredentialsSecret.MQTT_PASSWORD))).append('\n');
                if (urls.containsKey("mqtt-websocket")) {
                    md.append(StudentEnv.MQTT_WS_URL.line(urls.get("mqtt-websocket"))).append('\n');
                }
            } else {
                md.append("# MQTT (emqx) is disabled in this lab\n");
            }
            if (influxUrl != null) {
                md.append(StudentEnv.INFLUXDB_URL.line(influxUrl)).append('\n');
                md.append(StudentEnv.INFLUXDB_TOKEN.line(creds.get(CredentialsSecret.INFLUXDB_TOKEN))).append('\n');
                var influx = lab.components().influxdbOrDefault();
                md.append(StudentEnv.INFLUXDB_ORG.line(influx.orgOrDefault())).append('\n');
                md.append(StudentEnv.INFLUXDB_BUCKET.line(influx.bucketOrDefault())).append('\n');
            } else {
                md.append("# InfluxDB is disabled in this lab\n");
            }
            if (apiUrl != null) {
                md.append(StudentEnv.FLASK_API_URL.line(apiUrl)).append('\n');
                md.append(StudentEnv.API_TOKEN.line(creds.get(CredentialsSecret.API_TOKEN))).append('\n');
            } else {
                md.append("# the lab REST API is disabled in this lab\n");
            }
            if (urls.containsKey("grafana")) {
                md.append(StudentEnv.GRAFANA_URL.line(urls.get("grafana"))).append('\n');
                md.append(StudentEnv.GRAFANA_USER.line(creds.get(CredentialsSecret.GRAFANA_ADMIN_USER))).append('\n');
                md.append(StudentEnv.GRAFANA_PASSWORD.line(creds.get(CredentialsSecret.GRAFANA_ADMIN_PASSWORD))).append('\n');
            } else {
                md.append("# Grafana is disabled in this lab\n");
            }
            if (urls.containsKey("node-red")) {
                md.append(StudentEnv.NODE_RED_URL.line(urls.get("node-red"))).append('\n');
                md.append(StudentEnv.NODE_RED_USERNAME.line(creds.get(CredentialsSecret.NODE_RED_USERNAME))).append('\n');
                md.append(StudentEnv.NODE_RED_PASSWORD.line(creds.get(CredentialsSecret.NODE_RED_PASSWORD))).append('\n');
            } else {
                md.append("# Node-RED is disabled in this lab\n");
            }
            if (urls.containsKey("emqx-dashboard")) {
                md.append(StudentEnv.EMQX_DASHBOARD_URL.line(urls.get("emqx-dashboard"))).append('\n');
            }
            md.append("```\n\n");

            md.append("## Logins for the web UIs\n\n| UI | User | Password |\n|---|---|---|\n");
            if (urls.containsKey("grafana")) {
                login(md, "Grafana", creds, CredentialsSecret.GRAFANA_ADMIN_USER, CredentialsSecret.GRAFANA_ADMIN_PASSWORD);
            }
            if (urls.containsKey("node-red")) {
                login(md, "Node-RED (editor and dashboard)", creds, CredentialsSecret.NODE_RED_USERNAME, CredentialsSecret.NODE_RED_PASSWORD);
            }
            if (urls.containsKey("emqx-dashboard")) {
                login(md, "EMQX dashboard", creds, CredentialsSecret.EMQX_DASHBOARD_USERNAME,
                        CredentialsSecret.EMQX_DASHBOARD_PASSWORD);
            }
            if (influxUrl != null) {
                login(md, "InfluxDB", creds, CredentialsSecret.INFLUXDB_USERNAME, CredentialsSecret.INFLUXDB_PASSWORD);
            }
            md.append('\n');
            if (apiUrl != null) {
                md.append("Call the API with the header `Authorization: Bearer $API_TOKEN`, e.g. `curl -H "
                        + "\"Authorization: Bearer $API_TOKEN\" ").append(apiUrl).append("/health`.\n");
            }
            return md.toString();
        }

        private static String[] forward(URI internal) {
            String service = internal.getHost().substring(0, internal.getHost().indexOf('.'));
            return new String[] {service, String.valueOf(internal.getPort())};
        }

        private static void row(StringBuilder md, String label, String url) {
            if (url != null) {
                md.append("| ").append(label).append(" | ").append(url).append(" |\n");
            }
        }

        private static void login(StringBuilder md, String ui, Credentials creds, String userKey, String passwordKey) {
            md.append("| ").append(ui).append(" | `").append(creds.get(userKey)).append("` | `")
                    .append(creds.get(passwordKey)).append("` |\n");
        }
    }
}
