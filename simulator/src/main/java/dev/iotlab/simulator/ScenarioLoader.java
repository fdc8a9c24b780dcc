package dev.iotlab.simulator;

import dev.iotlab.contract.SimulatorConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a scenario YAML file into a {@link Scenario}. Works on SnakeYAML's node tree (not on plain maps) so
 * that every problem can be reported as {@code file:line: what is wrong}; all problems are collected, not
 * just the first.
 */
public final class ScenarioLoader {

    /** Classpath location of the built-in scenario (the original six devices). */
    public static final String DEFAULT_RESOURCE = "scenarios/default.yaml";
    public static final int MAX_DEVICES = 200_000;

    private static final Map<String, NumberRange> TOP_NUMBERS = Map.of(
            "interval_seconds", new NumberRange(SimulatorConfig.MIN_INTERVAL_SECONDS, SimulatorConfig.MAX_INTERVAL_SECONDS, true),
            "seed", new NumberRange(Long.MIN_VALUE, Long.MAX_VALUE, true));
    private static final Set<String> TOP_KEYS = Set.of("name", "description", "interval_seconds", "seed", "rooms", "devices");

    private static final Map<String, NumberRange> ROOM_NUMBERS = Map.of(
            "base_temperature", new NumberRange(-30, 50, false),
            "daily_amplitude", new NumberRange(0, 20, false),
            "time_constant_minutes", new NumberRange(1, 10_000, false),
            "base_humidity", new NumberRange(0, 100, false),
            "humidity_per_degree", new NumberRange(-20, 20, false));

    private final String file;
    private final ScenarioNodes nodes;
    private final DeviceSpecReader deviceReader;

    private ScenarioLoader(String file) {
        this.file = file;
        this.nodes = new ScenarioNodes(file);
        this.deviceReader = new DeviceSpecReader(nodes);
    }

    public static Scenario load(Path path) throws ScenarioException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioException(List.of(path + ":0: cannot read the file: " + e.getMessage()));
        }
        return parse(path.toString(), text);
    }

    public static Scenario loadDefault() {
        try (InputStream in = ScenarioLoader.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " missing from the jar");
            }
            return parse("builtin:" + DEFAULT_RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | ScenarioException e) {
            throw new IllegalStateException("built-in scenario is broken: " + e.getMessage(), e);
        }
    }

    public static Scenario parse(String fileName, String text) throws ScenarioException {
        return new ScenarioLoader(fileName).read(new StringReader(text));
    }

    private Scenario read(Reader reader) throws ScenarioException {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(true); // reported by us, with the line
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1
                    : e.getContextMark() != null ? e.getContextMark().getLine() + 1 : 0;
            String what = (e.getContext() != null ? e.getContext() + ", " : "") + e.getProblem();
            throw new ScenarioException(List.of(file + ":" + line + ": YAML syntax error: " + what));
        } catch (YAMLException e) {
            throw new ScenarioException(List.of(file + ":0: YAML error: " + e.getMessage()));
        }
        if (root == null) {
            throw new ScenarioException(List.of(file + ":1: the scenario is empty; expected a mapping with a 'devices:' list"));
        }
        if (!(root instanceof MappingNode map)) {
            throw new ScenarioException(List.of(nodes.at(root) + "the scenario must be a mapping with a 'devices:' list, not a "
                    + ScenarioNodes.kind(root)));
        }
        Map<String, NodeTuple> top = nodes.entries(map, TOP_KEYS, "top level");
        String name = top.containsKey("name") ? nodes.string(top.get("name").getValueNode(), "name") : file;
        Integer interval = top.containsKey("interval_seconds")
                ? nodes.intOrNull(top.get("interval_seconds").getValueNode(), "interval_seconds", TOP_NUMBERS.get("interval_seconds"))
                : null;
        Long seed = null;
        if (top.containsKey("seed")) {
            Node n = top.get("seed").getValueNode();
            if (n instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
                try {
                    seed = Long.decode(s.getValue().replace("_", ""));
                } catch (NumberFormatException e) {
                    nodes.problem(n, "seed must be a whole number that fits in 64 bits, got '" + s.getValue() + "'");
                }
            } else {
                nodes.problem(n, "seed must be a whole number, got " + ScenarioNodes.describe(n));
            }
        }
        Map<String, Scenario.Room> rooms = new LinkedHashMap<>();
        if (top.containsKey("rooms")) {
            readRooms(top.get("rooms").getValueNode(), rooms);
        }
        List<Scenario.DeviceSpec> deviceSpecs = new ArrayList<>();
        if (!top.containsKey("devices")) {
            nodes.problem(root, "missing 'devices:' (a list of devices, each with at least id and type)");
        } else {
            deviceReader.read(top.get("devices").getValueNode(), deviceSpecs);
        }
        // Rooms referenced only by devices get default physics.
        for (Scenario.DeviceSpec d : deviceSpecs) {
            rooms.computeIfAbsent(d.location(), Scenario.Room::defaults);
        }
        for (Object[] check : deviceReader.scopeChecks()) {
            if (!rooms.containsKey((String) check[1])) {
                nodes.problem((Node) check[0], "energy meter '" + check[2] + "' scope names room '" + check[1]
                        + "' which has no devices and is not declared under rooms: (known rooms: " + String.join(", ", rooms.keySet()) + ")");
            }
        }
        if (!nodes.problems().isEmpty()) {
            throw new ScenarioException(nodes.problems());
        }
        return new Scenario(name, interval, seed, rooms, List.copyOf(deviceSpecs));
    }

    private void readRooms(Node node, Map<String, Scenario.Room> rooms) {
        if (!(node instanceof MappingNode map)) {
            nodes.problem(node, "rooms must be a mapping of room name to its parameters, not a " + ScenarioNodes.kind(node));
            return;
        }
        Set<String> seen = new HashSet<>();
        for (NodeTuple t : map.getValue()) {
            String roomName = nodes.string(t.getKeyNode(), "room name");
            if (roomName == null) {
                continue;
            }
            if (!seen.add(roomName)) {
                nodes.problem(t.getKeyNode(), "room '" + roomName + "' is declared twice");
                continue;
            }
            nodes.checkSafe(t.getKeyNode(), roomName, "room name");
            Scenario.Room d = Scenario.Room.defaults(roomName);
            Node v = t.getValueNode();
            if (v instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) {
                rooms.put(roomName, d);
                continue;
            }
            if (!(v instanceof MappingNode) ) {
                nodes.problem(v, "room '" + roomName + "' must be a mapping of parameters (" + ScenarioNodes.known(ROOM_NUMBERS.keySet()) + "), not a " + ScenarioNodes.kind(v));
                continue;
            }
            Map<String, NodeTuple> e = nodes.entries((MappingNode) v, ROOM_NUMBERS.keySet(), "room '" + roomName + "'");
            rooms.put(roomName, new Scenario.Room(roomName,
                    nodes.number(e, "base_temperature", ROOM_NUMBERS, d.baseTemperature()),
                    nodes.number(e, "daily_amplitude", ROOM_NUMBERS, d.dailyAmplitude()),
                    nodes.number(e, "time_constant_minutes", ROOM_NUMBERS, d.timeConstantMinutes()),
                    nodes.number(e, "base_humidity", ROOM_NUMBERS, d.baseHumidity()),
                    nodes.number(e, "humidity_per_degree", ROOM_NUMBERS, d.humidityPerDegree())));
        }
    }


















}
