package dev.iotlab.contract;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One setting a service reads from its environment: the variable's name, its type, its default (if any), its range
 * (for numbers), how it is parsed and how it is written. The operator renders Deployments' env through it, the
 * service reads its env through it, so both sides cannot disagree.
 *
 * @param <T> the value's Java type
 */
public final class Setting<T> {
    /** What kind of value; also the {@code type} in the JSON export. */
    public enum Type { TEXT, SECRET, INTEGER, WHOLE_NUMBER, BOOLEAN }

    private final String name;
    private final Type type;
    private final T defaultValue;
    private final Long min;
    private final Long max;
    private final String description;
    private final Function<String, T> parser;

    private Setting(String name, Type type, T defaultValue, Long min, Long max, String description,
                    Function<String, T> parser) {
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.description = description;
        this.parser = parser;
    }

    /** Free text, trimmed; {@code defaultValue} may be null (then unset means absent). */
    public static Setting<String> text(String name, String defaultValue, String description) {
        return new Setting<>(name, Type.TEXT, defaultValue, null, null, description, String::trim);
    }

    /** A credential: no default, never printed by tools that show settings. */
    public static Setting<String> secret(String name, String description) {
        return new Setting<>(name, Type.SECRET, null, null, null, description, raw -> raw);
    }

    /** A 32-bit integer within [min, max]; {@code defaultValue} may be null. */
    public static Setting<Integer> integer(String name, Integer defaultValue, int min, int max, String description) {
        if (defaultValue != null && (defaultValue < min || defaultValue > max)) {
            throw new IllegalArgumentException(name + " default " + defaultValue + " outside " + min + ".." + max);
        }
        return new Setting<>(name, Type.INTEGER, defaultValue, (long) min, (long) max, description, raw -> {
            int value;
            try {
                value = Integer.parseInt(raw.trim());
            } catch (NumberFormatException e) {
                throw new BadSetting(name + "=" + raw + " is not a whole number; use " + min + " to " + max);
            }
            if (value < min || value > max) {
                throw new BadSetting(name + "=" + raw + " is out of range; use " + min + " to " + max);
            }
            return value;
        });
    }

    /** A 64-bit whole number without range or default (e.g. a seed). */
    public static Setting<Long> wholeNumber(String name, String description) {
        return new Setting<>(name, Type.WHOLE_NUMBER, null, null, null, description, raw -> {
            try {
                return Long.parseLong(raw.trim());
            } catch (NumberFormatException e) {
                throw new BadSetting(name + "=" + raw + " is not a whole number (64-bit)");
            }
        });
    }

    /** true/false (also yes/no, on/off, y/n, as Micronaut reads them); anything else is refused. */
    public static Setting<Boolean> flag(String name, boolean defaultValue, String description) {
        return new Setting<>(name, Type.BOOLEAN, defaultValue, null, null, description,
                raw -> switch (raw.trim().toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "on", "y" -> true;
                    case "false", "no", "off", "n" -> false;
                    default -> throw new BadSetting(name + "=" + raw + " is not true or false");
                });
    }

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    /** The value used when the variable is unset; empty when the service then goes without. */
    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public Optional<Long> min() {
        return Optional.ofNullable(min);
    }

    public Optional<Long> max() {
        return Optional.ofNullable(max);
    }

    public String description() {
        return description;
    }

    /** The value of a set (non-blank) variable; throws {@link BadSetting} when it is not acceptable. */
    public T parse(String raw) {
        return parser.apply(raw);
    }

    /** The value if the variable is set (non-blank), else empty; the default is not applied. */
    public Optional<T> find(Function<String, String> env) {
        return Optional.ofNullable(present(env.apply(name)));
    }

    /** The value if set, else the default (null when there is none). */
    public T read(Function<String, String> env) {
        return value(env.apply(name));
    }

    /**
     * The value of the variable's raw text as a service was handed it (by its framework's binding, or a map):
     * unset (null) or blank means the default (null when there is none); anything else is parsed and checked.
     */
    public T value(String raw) {
        T value = present(raw);
        return value != null ? value : defaultValue;
    }

    private T present(String raw) {
        return raw == null || raw.isBlank() ? null : parse(raw);
    }

    /**
     * The text to put in the variable for this value; refuses a value the service would refuse, so a renderer
     * cannot write something the reader rejects.
     */
    public String render(T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " has no value to render");
        }
        String text = String.valueOf(value);
        parse(text);
        return text;
    }

    /** This setting as the JSON export shows it. */
    Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("type", type.name().toLowerCase(Locale.ROOT));
        out.put("default", defaultValue);
        if (min != null) {
            out.put("min", min);
            out.put("max", max);
        }
        out.put("description", description);
        return out;
    }

    @Override
    public String toString() {
        return name;
    }
}
