package dev.iotlab.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contract as JSON, for the workshop (Python) which cannot read Java: every service's settings, the topic
 * scheme and the .env keys. The checked-in copy is {@link #CHECKED_IN}; a test fails when it is stale.
 * {@code java -cp lab-contract.jar dev.iotlab.contract.ContractJson FILE} writes it.
 */
public final class ContractJson {
    /** Where the workshop reads it, relative to the repository root. */
    public static final String CHECKED_IN = "workshop/iotlab_workshop/contract.json";
    public static final int FORMAT_VERSION = 1;

    private ContractJson() {
    }

    public static String render() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("comment", "Generated from lab-contract/ (dev.iotlab.contract). Do not edit by hand: "
                + "mvn -pl lab-contract test -Diotlab.contract.update=true");
        root.put("formatVersion", FORMAT_VERSION);
        Map<String, Object> services = new LinkedHashMap<>();
        services.put("api", settings(java.util.stream.Stream.concat(ApiConfig.ALL.stream(),
                ProgressContract.SETTINGS.stream()).toList()));
        services.put("simulator", settings(SimulatorConfig.ALL));
        root.put("services", services);
        root.put("topics", MqttTopics.describe());
        root.put("studentEnv", Arrays.stream(StudentEnv.values()).map(StudentEnv::describe).toList());
        try {
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n"));
            return new ObjectMapper().writer(printer).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Map<String, Object>> settings(List<Setting<?>> settings) {
        return settings.stream().map(Setting::describe).toList();
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: ContractJson FILE");
            System.exit(2);
        }
        try {
            Files.writeString(Path.of(args[0]), render());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
