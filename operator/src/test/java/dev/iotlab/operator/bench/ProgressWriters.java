package dev.iotlab.operator.bench;

import dev.iotlab.operator.reconciler.ProgressStatusTest;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The stand-in lab APIs of {@link ProgressBenchmark}, in a process of their own so that their CPU, threads and heap
 * (200 fabric8 clients) are not the operator's. Started with a file: line 1 the apiserver URL, line 2 its CA (base64
 * PEM), then one line per lab: namespace and a token of its lab-api ServiceAccount. Reads commands on stdin, one a
 * line: {@code report <round>} patches every lab's progress ConfigMap once, exactly as the API does
 * ({@link ProgressStatusTest#report}), and answers {@code done <round> <reports> <cpu ms of this process>};
 * {@code cpu} answers {@code cpu <ms>}. Exits at the end of stdin.
 */
public final class ProgressWriters {
    private ProgressWriters() {
    }

    public static void main(String[] args) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        String url = lines.get(0);
        String ca = lines.get(1);
        List<String> namespaces = new ArrayList<>();
        List<KubernetesClient> clients = new ArrayList<>();
        for (String lab : lines.subList(2, lines.size())) {
            String[] nsAndToken = lab.split(" ", 2);
            Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url).withCaCertData(ca)
                    .withOauthToken(nsAndToken[1]).withNamespace(nsAndToken[0]).build();
            namespaces.add(nsAndToken[0]);
            clients.add(new KubernetesClientBuilder().withConfig(config).build());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.println("ready " + clients.size());
        for (String command = in.readLine(); command != null; command = in.readLine()) {
            String[] words = command.split(" ");
            if (words[0].equals("report")) {
                int round = Integer.parseInt(words[1]);
                out.println("done " + round + " " + report(clients, namespaces, pool, round) + " " + cpuMillis());
            } else if (words[0].equals("cpu")) {
                out.println("cpu " + cpuMillis());
            } else {
                out.println("unknown command: " + command);
            }
        }
        pool.shutdownNow();
        clients.forEach(KubernetesClient::close);
        System.exit(0);
    }

    /** One report per lab: (lab + round) modules done, lastActivity the current minute; returns how many. */
    static int report(List<KubernetesClient> clients, List<String> namespaces, ExecutorService pool, int round)
            throws Exception {
        String minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).toString();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            int lab = i;
            futures.add(pool.submit(() -> ProgressStatusTest.report(clients.get(lab), namespaces.get(lab),
                    ProgressBenchmark.modulesDone(lab, round), minute)));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        return futures.size();
    }

    static long cpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
    }

    /** The writers as a child process of the benchmark's JVM (same java, same class path). */
    static final class Child implements AutoCloseable {
        private final Process process;
        private final PrintWriter commands;
        private final BufferedReader answers;

        Child(Path labsFile, Path log) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            try {
                process = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                        ProgressWriters.class.getName(), labsFile.toString())
                        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            commands = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8),
                    true);
            answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            expect("ready", log);
        }

        /** Every lab reports once (blocking until the apiserver accepted all); the number of reports. */
        int report(int round) {
            commands.println("report " + round);
            return Integer.parseInt(answer("done").split(" ")[2]);
        }

        /** CPU time the writer process has used so far, in ms. */
        long cpuMillis() {
            commands.println("cpu");
            return Long.parseLong(answer("cpu").split(" ")[1]);
        }

        private void expect(String word, Path log) {
            try {
                answer(word);
            } catch (IllegalStateException e) {
                throw new IllegalStateException(e.getMessage() + "; the writers' log is " + log, e);
            }
        }

        private String answer(String word) {
            try {
                String line = answers.readLine();
                if (line == null || !line.startsWith(word + " ")) {
                    throw new IllegalStateException("the progress writers answered " + line + " instead of " + word);
                }
                return line;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            commands.close();
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
