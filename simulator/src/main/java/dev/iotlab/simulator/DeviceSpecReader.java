package dev.iotlab.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** The {@code devices:} list of a scenario: per-type keys and ranges, {@code count} and {@code {n}} numbering. */
final class DeviceSpecReader {
    private static final Pattern COUNTER = Pattern.compile("\\{n(?::(\\d+))?}");
    private static final Set<String> COMMON_DEVICE_KEYS = Set.of("id", "type", "name", "location", "count", "locations");
    private static final Map<DeviceType, Map<String, NumberRange>> TYPE_NUMBERS = new HashMap<>();
    private static final Set<DeviceType> SWITCHABLE = Set.of(DeviceType.SWITCH, DeviceType.LIGHT, DeviceType.AC);

    static {
        TYPE_NUMBERS.put(DeviceType.TEMPERATURE, Map.of("noise", new NumberRange(0, 10, false)));
        TYPE_NUMBERS.put(DeviceType.HUMIDITY, Map.of("noise", new NumberRange(0, 30, false)));
        TYPE_NUMBERS.put(DeviceType.SWITCH, Map.of("toggle_probability", new NumberRange(0, 1, false),
                "power_watts", new NumberRange(0, 100_000, false)));
        TYPE_NUMBERS.put(DeviceType.MOTION, Map.of("hold_seconds", new NumberRange(0, 86_400, false),
                "sensitivity", new NumberRange(0, 10, false)));
        TYPE_NUMBERS.put(DeviceType.DOOR, Map.of("open_seconds", new NumberRange(0, 86_400, false),
                "sensitivity", new NumberRange(0, 10, false)));
        TYPE_NUMBERS.put(DeviceType.LIGHT, Map.of("brightness", new NumberRange(0, 100, false),
                "power_watts", new NumberRange(0, 10_000, false)));
        TYPE_NUMBERS.put(DeviceType.AC, Map.of("setpoint", new NumberRange(Physics.AC_MIN_SETPOINT, Physics.AC_MAX_SETPOINT, false),
                "power_watts", new NumberRange(0, 20_000, false), "idle_watts", new NumberRange(0, 5_000, false),
                "cooling_rate", new NumberRange(0, 50, false)));
        TYPE_NUMBERS.put(DeviceType.ENERGY, Map.of("base_load_watts", new NumberRange(0, 10_000_000, false),
                "noise", new NumberRange(0, 100_000, false)));
    }

    private final ScenarioNodes nodes;
    /** Energy meters' scope entries, checked once every room is known: {node, room, device id}. */
    private final List<Object[]> scopeChecks = new ArrayList<>();

    DeviceSpecReader(ScenarioNodes nodes) {
        this.nodes = nodes;
    }

    List<Object[]> scopeChecks() {
        return scopeChecks;
    }

    void read(Node node, List<Scenario.DeviceSpec> out) {
        if (!(node instanceof SequenceNode seq)) {
            nodes.problem(node, "devices must be a list (each item starting with '- '), not a " + ScenarioNodes.kind(node));
            return;
        }
        if (seq.getValue().isEmpty()) {
            nodes.problem(node, "devices is empty; a scenario needs at least one device");
        }
        Map<String, Integer> idLines = new HashMap<>();
        int index = 0;
        for (Node item : seq.getValue()) {
            String where = "devices[" + index++ + "]";
            if (!(item instanceof MappingNode m)) {
                nodes.problem(item, where + " must be a mapping with at least id and type, not a " + ScenarioNodes.kind(item));
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
                nodes.problem(item, where + " has no 'type' (one of " + DeviceType.allWireNames() + ")");
            } else {
                String typeName = nodes.string(typeNode, where + ".type");
                if (typeName != null) {
                    type = DeviceType.fromWire(typeName).orElse(null);
                    if (type == null) {
                        nodes.problem(typeNode, where + ".type '" + typeName + "' is not a device type; use one of " + DeviceType.allWireNames());
                    }
                }
            }
            Set<String> allowed = new LinkedHashSet<>(COMMON_DEVICE_KEYS);
            Map<String, NumberRange> numbers = type == null ? Map.of() : TYPE_NUMBERS.get(type);
            allowed.addAll(numbers.keySet());
            if (type != null && SWITCHABLE.contains(type)) {
                allowed.add("initial");
            }
            if (type == DeviceType.ENERGY) {
                allowed.add("scope");
            }
            Map<String, NodeTuple> e = nodes.entries(m, type == null ? null : allowed, where + " (" + (type == null ? "?" : type.wireName()) + ")");
            if (type == null) {
                continue;
            }
            String idPattern = null;
            if (!e.containsKey("id")) {
                nodes.problem(item, where + " has no 'id'");
            } else {
                idPattern = nodes.string(e.get("id").getValueNode(), where + ".id");
            }
            String name = e.containsKey("name") ? nodes.string(e.get("name").getValueNode(), where + ".name") : null;
            List<String> locations = new ArrayList<>();
            if (e.containsKey("location") && e.containsKey("locations")) {
                nodes.problem(e.get("locations").getKeyNode(), where + " has both 'location' and 'locations'; use one");
            } else if (e.containsKey("locations")) {
                locations.addAll(nodes.stringList(e.get("locations").getValueNode(), where + ".locations"));
            } else if (e.containsKey("location")) {
                String l = nodes.string(e.get("location").getValueNode(), where + ".location");
                if (l != null) {
                    nodes.checkSafe(e.get("location").getValueNode(), l, where + ".location");
                    locations.add(l);
                }
            } else {
                locations.add("home");
            }
            int count = 1;
            if (e.containsKey("count")) {
                Integer c = nodes.intOrNull(e.get("count").getValueNode(), where + ".count", new NumberRange(1, ScenarioLoader.MAX_DEVICES, true));
                count = c == null ? 1 : c;
            }
            Map<String, Double> params = new HashMap<>();
            for (String key : numbers.keySet()) {
                if (e.containsKey(key)) {
                    Double v = nodes.numberOrNull(e.get(key).getValueNode(), where + "." + key, numbers.get(key));
                    if (v != null) {
                        params.put(key, v);
                    }
                }
            }
            boolean initialOn = false;
            if (e.containsKey("initial")) {
                initialOn = nodes.onOff(e.get("initial").getValueNode(), where + ".initial");
            }
            List<String> scope = e.containsKey("scope") ? nodes.stringList(e.get("scope").getValueNode(), where + ".scope") : List.of();
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
                nodes.problem(idNode, where + ".id '" + idPattern + "' needs a '{n}' (or '{n:4}' for 4 digits) to number its " + count + " devices");
                continue;
            }
            if (out.size() + count > ScenarioLoader.MAX_DEVICES) {
                nodes.problem(item, where + " brings the scenario above " + ScenarioLoader.MAX_DEVICES + " devices");
                continue;
            }
            for (int i = 1; i <= count; i++) {
                String id = idPattern;
                if (hasCounter) {
                    int width = counter.group(1) == null ? 3 : Integer.parseInt(counter.group(1));
                    id = COUNTER.matcher(idPattern).replaceAll(String.format(Locale.ROOT, "%0" + Math.max(1, Math.min(width, 12)) + "d", i));
                }
                if (!ScenarioNodes.SAFE_NAME.matcher(id).matches()) {
                    nodes.problem(idNode, where + ".id '" + id + "' may only contain letters, digits, '.', '_' and '-' (it becomes part of MQTT topics)");
                    break;
                }
                Integer firstLine = idLines.putIfAbsent(id, idNode.getStartMark().getLine() + 1);
                if (firstLine != null) {
                    nodes.problem(idNode, where + ".id '" + id + "' is already used by the device on line " + firstLine);
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
}
