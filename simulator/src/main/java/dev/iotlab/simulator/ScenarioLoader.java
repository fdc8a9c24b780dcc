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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
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

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern COUNTER = Pattern.compile("\\{n(?::(\\d+))?}");

    private record Range(double min, double max, boolean integer) {
    }

    private static final Map<String, Range> TOP_NUMBERS = Map.of(
            "interval_seconds", new Range(SimulatorConfig.MIN_INTERVAL_SECONDS, SimulatorConfig.MAX_INTERVAL_SECONDS, true),
            "seed", new Range(Long.MIN_VALUE, Long.MAX_VALUE, true));
    private static final Set<String> TOP_KEYS = Set.of("name", "description", "interval_seconds", "seed", "rooms", "devices");

    private static final Map<String, Range> ROOM_NUMBERS = Map.of(
            "base_temperature", new Range(-30, 50, false),
            "daily_amplitude", new Range(0, 20, false),
            "time_constant_minutes", new Range(1, 10_000, false),
            "base_humidity", new Range(0, 100, false),
            "humidity_per_degree", new Range(-20, 20, false));

    private static final Set<String> COMMON_DEVICE_KEYS = Set.of("id", "type", "name", "location", "count", "locations");
    private static final Map<DeviceType, Map<String, Range>> TYPE_NUMBERS = new HashMap<>();
    private static final Set<DeviceType> SWITCHABLE = Set.of(DeviceType.SWITCH, DeviceType.LIGHT, DeviceType.AC);

    static {
        TYPE_NUMBERS.put(DeviceType.TEMPERATURE, Map.of("noise", new Range(0, 10, false)));
        TYPE_NUMBERS.put(DeviceType.HUMIDITY, Map.of("noise", new Range(0, 30, false)));
        TYPE_NUMBERS.put(DeviceType.SWITCH, Map.of("toggle_probability", new Range(0, 1, false),
                "power_watts", new Range(0, 100_000, false)));
        TYPE_NUMBERS.put(DeviceType.MOTION, Map.of("hold_seconds", new Range(0, 86_400, false),
                "sensitivity", new Range(0, 10, false)));
        TYPE_NUMBERS.put(DeviceType.DOOR, Map.of("open_seconds", new Range(0, 86_400, false),
                "sensitivity", new Range(0, 10, false)));
        TYPE_NUMBERS.put(DeviceType.LIGHT, Map.of("brightness", new Range(0, 100, false),
                "power_watts", new Range(0, 10_000, false)));
        TYPE_NUMBERS.put(DeviceType.AC, Map.of("setpoint", new Range(Physics.AC_MIN_SETPOINT, Physics.AC_MAX_SETPOINT, false),
                "power_watts", new Range(0, 20_000, false), "idle_watts", new Range(0, 5_000, false),
                "cooling_rate", new Range(0, 50, false)));
        TYPE_NUMBERS.put(DeviceType.ENERGY, Map.of("base_load_watts", new Range(0, 10_000_000, false),
                "noise", new Range(0, 100_000, false)));
    }

    private final String file;
    private final List<String> problems = new ArrayList<>();
    private final List<Object[]> scopeChecks = new ArrayList<>(); // {node, room, device id}

    private ScenarioLoader(String file) {
        this.file = file;
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
            throw new ScenarioException(List.of(at(root) + "the scenario must be a mapping with a 'devices:' list, not a "
                    + kind(root)));
        }
        Map<String, NodeTuple> top = entries(map, TOP_KEYS, "top level");
        String name = top.containsKey("name") ? string(top.get("name").getValueNode(), "name") : file;
        Integer interval = top.containsKey("interval_seconds")
                ? (Integer) intOrNull(top.get("interval_seconds").getValueNode(), "interval_seconds", TOP_NUMBERS.get("interval_seconds"))
                : null;
        Long seed = null;
        if (top.containsKey("seed")) {
            Node n = top.get("seed").getValueNode();
            if (n instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
                try {
                    seed = Long.decode(s.getValue().replace("_", ""));
                } catch (NumberFormatException e) {
                    problem(n, "seed must be a whole number that fits in 64 bits, got '" + s.getValue() + "'");
                }
            } else {
                problem(n, "seed must be a whole number, got " + describe(n));
            }
        }
        Map<String, Scenario.Room> rooms = new LinkedHashMap<>();
        if (top.containsKey("rooms")) {
            readRooms(top.get("rooms").getValueNode(), rooms);
        }
        List<Scenario.DeviceSpec> devices = new ArrayList<>();
        if (!top.containsKey("devices")) {
            problem(root, "missing 'devices:' (a list of devices, each with at least id and type)");
        } else {
            readDevices(top.get("devices").getValueNode(), devices);
        }
        // Rooms referenced only by devices get default physics.
        for (Scenario.DeviceSpec d : devices) {
            rooms.computeIfAbsent(d.location(), Scenario.Room::defaults);
        }
        for (Object[] check : scopeChecks) {
            if (!rooms.containsKey((String) check[1])) {
                problem((Node) check[0], "energy meter '" + check[2] + "' scope names room '" + check[1]
                        + "' which has no devices and is not declared under rooms: (known rooms: " + String.join(", ", rooms.keySet()) + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems);
        }
        return new Scenario(name, interval, seed, rooms, List.copyOf(devices));
    }

    private void readRooms(Node node, Map<String, Scenario.Room> rooms) {
        if (!(node instanceof MappingNode map)) {
            problem(node, "rooms must be a mapping of room name to its parameters, not a " + kind(node));
            return;
        }
        Set<String> seen = new HashSet<>();
        for (NodeTuple t : map.getValue()) {
            String roomName = string(t.getKeyNode(), "room name");
            if (roomName == null) {
                continue;
            }
            if (!seen.add(roomName)) {
                problem(t.getKeyNode(), "room '" + roomName + "' is declared twice");
                continue;
            }
            checkSafe(t.getKeyNode(), roomName, "room name");
            Scenario.Room d = Scenario.Room.defaults(roomName);
            Node v = t.getValueNode();
            if (v instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) {
                rooms.put(roomName, d);
                continue;
            }
            if (!(v instanceof MappingNode) ) {
                problem(v, "room '" + roomName + "' must be a mapping of parameters (" + known(ROOM_NUMBERS.keySet()) + "), not a " + kind(v));
                continue;
            }
            Map<String, NodeTuple> e = entries((MappingNode) v, ROOM_NUMBERS.keySet(), "room '" + roomName + "'");
            rooms.put(roomName, new Scenario.Room(roomName,
                    number(e, "base_temperature", ROOM_NUMBERS, d.baseTemperature()),
                    number(e, "daily_amplitude", ROOM_NUMBERS, d.dailyAmplitude()),
                    number(e, "time_constant_minutes", ROOM_NUMBERS, d.timeConstantMinutes()),
                    number(e, "base_humidity", ROOM_NUMBERS, d.baseHumidity()),
                    number(e, "humidity_per_degree", ROOM_NUMBERS, d.humidityPerDegree())));
        }
    }

    private void readDevices(Node node, List<Scenario.DeviceSpec> out) {
        if (!(node instanceof SequenceNode seq)) {
            problem(node, "devices must be a list (each item starting with '- '), not a " + kind(node));
            return;
        }
        if (seq.getValue().isEmpty()) {
            problem(node, "devices is empty; a scenario needs at least one device");
        }
        Map<String, Integer> idLines = new HashMap<>();
        int index = 0;
        for (Node item : seq.getValue()) {
            String where = "devices[" + index++ + "]";
            if (!(item instanceof MappingNode m)) {
                problem(item, where + " must be a mapping with at least id and type, not a " + kind(item));
                continue;
            }
            // First pass: learn the type to know which keys are allowed.
            DeviceType type = null;
            Node typeNode = null;
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("type")) {
                    typeNode = t.getValueNode();
                }
            }
            if (typeNode == null) {
                problem(item, where + " has no 'type' (one of " + DeviceType.allWireNames() + ")");
            } else {
                String typeName = string(typeNode, where + ".type");
                if (typeName != null) {
                    type = DeviceType.fromWire(typeName).orElse(null);
                    if (type == null) {
                        problem(typeNode, where + ".type '" + typeName + "' is not a device type; use one of " + DeviceType.allWireNames());
                    }
                }
            }
            Set<String> allowed = new LinkedHashSet<>(COMMON_DEVICE_KEYS);
            Map<String, Range> numbers = type == null ? Map.of() : TYPE_NUMBERS.get(type);
            allowed.addAll(numbers.keySet());
            if (type != null && SWITCHABLE.contains(type)) {
                allowed.add("initial");
            }
            if (type == DeviceType.ENERGY) {
                allowed.add("scope");
            }
            Map<String, NodeTuple> e = entries(m, type == null ? null : allowed, where + " (" + (type == null ? "?" : type.wireName()) + ")");
            if (type == null) {
                continue;
            }
            String idPattern = null;
            if (!e.containsKey("id")) {
                problem(item, where + " has no 'id'");
            } else {
                idPattern = string(e.get("id").getValueNode(), where + ".id");
            }
            String name = e.containsKey("name") ? string(e.get("name").getValueNode(), where + ".name") : null;
            List<String> locations = new ArrayList<>();
            if (e.containsKey("location") && e.containsKey("locations")) {
                problem(e.get("locations").getKeyNode(), where + " has both 'location' and 'locations'; use one");
            } else if (e.containsKey("locations")) {
                locations.addAll(stringList(e.get("locations").getValueNode(), where + ".locations"));
            } else if (e.containsKey("location")) {
                String l = string(e.get("location").getValueNode(), where + ".location");
                if (l != null) {
                    checkSafe(e.get("location").getValueNode(), l, where + ".location");
                    locations.add(l);
                }
            } else {
                locations.add("home");
            }
            int count = 1;
            if (e.containsKey("count")) {
                Integer c = intOrNull(e.get("count").getValueNode(), where + ".count", new Range(1, MAX_DEVICES, true));
                count = c == null ? 1 : c;
            }
            Map<String, Double> params = new HashMap<>();
            for (String key : numbers.keySet()) {
                if (e.containsKey(key)) {
                    Double v = numberOrNull(e.get(key).getValueNode(), where + "." + key, numbers.get(key));
                    if (v != null) {
                        params.put(key, v);
                    }
                }
            }
            boolean initialOn = false;
            if (e.containsKey("initial")) {
                initialOn = onOff(e.get("initial").getValueNode(), where + ".initial");
            }
            List<String> scope = e.containsKey("scope") ? stringList(e.get("scope").getValueNode(), where + ".scope") : List.of();
            if (e.containsKey("scope") && e.get("scope").getValueNode() instanceof SequenceNode scopeSeq) {
                for (Node n : scopeSeq.getValue()) {
                    if (n instanceof ScalarNode sn) {
                        scopeChecks.add(new Object[] {n, sn.getValue(), idPattern});
                    }
                }
            }
            if (idPattern == null || locations.isEmpty()) {
                continue;
            }
            Node idNode = e.get("id").getValueNode();
            Matcher counter = COUNTER.matcher(idPattern);
            boolean hasCounter = counter.find();
            if (count > 1 && !hasCounter) {
                problem(idNode, where + ".id '" + idPattern + "' needs a '{n}' (or '{n:4}' for 4 digits) to number its " + count + " devices");
                continue;
            }
            if (out.size() + count > MAX_DEVICES) {
                problem(item, where + " brings the scenario above " + MAX_DEVICES + " devices");
                continue;
            }
            for (int i = 1; i <= count; i++) {
                String id = idPattern;
                if (hasCounter) {
                    int width = counter.group(1) == null ? 3 : Integer.parseInt(counter.group(1));
                    id = COUNTER.matcher(idPattern).replaceAll(String.format(Locale.ROOT, "%0" + Math.max(1, Math.min(width, 12)) + "d", i));
                }
                if (!SAFE_NAME.matcher(id).matches()) {
                    problem(idNode, where + ".id '" + id + "' may only contain letters, digits, '.', '_' and '-' (it becomes part of MQTT topics)");
                    break;
                }
                Integer firstLine = idLines.putIfAbsent(id, idNode.getStartMark().getLine() + 1);
                if (firstLine != null) {
                    problem(idNode, where + ".id '" + id + "' is already used by the device on line " + firstLine);
                    break;
                }
                String location = locations.get((i - 1) % locations.size());
                String deviceName = name != null ? (count > 1 ? name + " " + i : name) : defaultName(type, location, id);
                out.add(new Scenario.DeviceSpec(id, type, deviceName, location, initialOn, Map.copyOf(params), List.copyOf(scope)));
            }
        }
    }

    private static String defaultName(DeviceType type, String location, String id) {
        String room = location.replace('-', ' ').replace('_', ' ');
        String kind = switch (type) {
            case AC -> "AC";
            case ENERGY -> "energy meter";
            default -> type.wireName();
        };
        return Character.toUpperCase(room.charAt(0)) + room.substring(1) + " " + kind + " (" + id + ")";
    }

    // ---- node helpers ----

    private Map<String, NodeTuple> entries(MappingNode map, Set<String> allowed, String where) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                problem(t.getKeyNode(), where + ": keys must be plain words");
                continue;
            }
            String key = k.getValue();
            if (allowed != null && !allowed.contains(key)) {
                problem(k, where + ": unknown key '" + key + "'" + suggestion(key, allowed) + "; known keys: " + known(allowed));
                continue;
            }
            if (out.containsKey(key)) {
                problem(k, where + ": '" + key + "' is given twice (first on line " + (out.get(key).getKeyNode().getStartMark().getLine() + 1) + ")");
                continue;
            }
            out.put(key, t);
        }
        return out;
    }

    private static String suggestion(String key, Set<String> allowed) {
        String best = null;
        int bestDistance = 3;
        for (String a : allowed) {
            int d = distance(key, a);
            if (d < bestDistance) {
                bestDistance = d;
                best = a;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String known(Set<String> keys) {
        return String.join(", ", keys.stream().sorted().toList());
    }

    private double number(Map<String, NodeTuple> e, String key, Map<String, Range> ranges, double fallback) {
        if (!e.containsKey(key)) {
            return fallback;
        }
        Double v = numberOrNull(e.get(key).getValueNode(), key, ranges.get(key));
        return v == null ? fallback : v;
    }

    private Double numberOrNull(Node node, String what, Range range) {
        if (!(node instanceof ScalarNode s) || !(s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT))) {
            problem(node, what + " must be a number, got " + describe(node));
            return null;
        }
        double v;
        try {
            v = Double.parseDouble(s.getValue().replace("_", ""));
        } catch (NumberFormatException e) {
            problem(node, what + " must be a plain number, got '" + s.getValue() + "'");
            return null;
        }
        if (Double.isNaN(v) || v < range.min() || v > range.max()) {
            problem(node, what + " is " + s.getValue() + " but must be between " + fmt(range.min()) + " and " + fmt(range.max()));
            return null;
        }
        return v;
    }

    private Integer intOrNull(Node node, String what, Range range) {
        if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.INT)) {
            problem(node, what + " must be a whole number, got " + describe(node));
            return null;
        }
        Double v = numberOrNull(node, what, range);
        return v == null ? null : v.intValue();
    }

    private boolean onOff(Node node, String what) {
        if (node instanceof ScalarNode s) {
            String v = s.getValue().toLowerCase(Locale.ROOT);
            if (v.equals("on") || v.equals("true")) {
                return true;
            }
            if (v.equals("off") || v.equals("false")) {
                return false;
            }
        }
        problem(node, what + " must be on or off, got " + describe(node));
        return false;
    }

    private String string(Node node, String what) {
        if (node instanceof ScalarNode s && !s.getTag().equals(Tag.NULL) && !s.getValue().isBlank()) {
            return s.getValue();
        }
        problem(node, what + " must be a non-empty text, got " + describe(node));
        return null;
    }

    private List<String> stringList(Node node, String what) {
        List<String> out = new ArrayList<>();
        if (!(node instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            problem(node, what + " must be a non-empty list of room names like [living-room, bedroom], got " + describe(node));
            return out;
        }
        for (Node n : seq.getValue()) {
            String s = string(n, what + " item");
            if (s != null) {
                checkSafe(n, s, what + " item");
                out.add(s);
            }
        }
        return out;
    }

    private void checkSafe(Node node, String value, String what) {
        if (!SAFE_NAME.matcher(value).matches()) {
            problem(node, what + " '" + value + "' may only contain letters, digits, '.', '_' and '-' (it becomes part of MQTT topics)");
        }
    }

    private static String describe(Node node) {
        if (node instanceof ScalarNode s) {
            return s.getTag().equals(Tag.NULL) ? "nothing" : "'" + s.getValue() + "'";
        }
        return "a " + kind(node);
    }

    private static String kind(Node node) {
        if (node instanceof MappingNode) {
            return "mapping";
        }
        if (node instanceof SequenceNode) {
            return "list";
        }
        return "single value";
    }

    private static String fmt(double d) {
        if (d == Long.MIN_VALUE || d == Long.MAX_VALUE) {
            return d < 0 ? "-2^63" : "2^63";
        }
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private String at(Node node) {
        return file + ":" + (node.getStartMark().getLine() + 1) + ": ";
    }

    private void problem(Node node, String message) {
        problems.add(at(node) + message);
    }
}
