package dev.iotlab.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads values out of one scenario file's SnakeYAML node tree, collecting every problem as
 * {@code file:line: what is wrong} instead of stopping at the first.
 */
final class ScenarioNodes {
    static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private final String file;
    private final List<String> problems = new ArrayList<>();

    ScenarioNodes(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    List<String> problems() {
        return problems;
    }

    Map<String, NodeTuple> entries(MappingNode map, Set<String> allowed, String where) {
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

    static String known(Set<String> keys) {
        return String.join(", ", keys.stream().sorted().toList());
    }

    double number(Map<String, NodeTuple> e, String key, Map<String, NumberRange> ranges, double fallback) {
        if (!e.containsKey(key)) {
            return fallback;
        }
        Double v = numberOrNull(e.get(key).getValueNode(), key, ranges.get(key));
        return v == null ? fallback : v;
    }

    Double numberOrNull(Node node, String what, NumberRange range) {
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

    Integer intOrNull(Node node, String what, NumberRange range) {
        if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.INT)) {
            problem(node, what + " must be a whole number, got " + describe(node));
            return null;
        }
        Double v = numberOrNull(node, what, range);
        return v == null ? null : v.intValue();
    }

    boolean onOff(Node node, String what) {
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

    String string(Node node, String what) {
        if (node instanceof ScalarNode s && !s.getTag().equals(Tag.NULL) && !s.getValue().isBlank()) {
            return s.getValue();
        }
        problem(node, what + " must be a non-empty text, got " + describe(node));
        return null;
    }

    List<String> stringList(Node node, String what) {
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

    void checkSafe(Node node, String value, String what) {
        if (!SAFE_NAME.matcher(value).matches()) {
            problem(node, what + " '" + value + "' may only contain letters, digits, '.', '_' and '-' (it becomes part of MQTT topics)");
        }
    }

    static String describe(Node node) {
        if (node instanceof ScalarNode s) {
            return s.getTag().equals(Tag.NULL) ? "nothing" : "'" + s.getValue() + "'";
        }
        return "a " + kind(node);
    }

    static String kind(Node node) {
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

    String at(Node node) {
        return file + ":" + (node.getStartMark().getLine() + 1) + ": ";
    }

    void problem(Node node, String message) {
        problems.add(at(node) + message);
    }
}
