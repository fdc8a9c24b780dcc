package dev.iotlab.simulator;

/** Which commands each device type accepts, and the message for one it does not. */
final class CommandRules {
    private CommandRules() {
    }

    static String validate(DeviceType type, String what, Command cmd) {
        if (!type.acceptsCommands()) {
            return type.wireName() + " '" + what + "' is read-only: it accepts no commands (commands work on switch, light and ac)";
        }
        String accepted = acceptedFor(type);
        if (!type.commands().contains(cmd.action())) {
            return "unknown action '" + cmd.action() + "' for " + type.wireName() + "; accepted: " + accepted;
        }
        if (cmd.action().equals("set")) {
            if (type == DeviceType.AC) {
                if (cmd.setpoint() == null) {
                    return "action 'set' for ac needs a numeric \"setpoint\" between " + Physics.AC_MIN_SETPOINT + " and " + Physics.AC_MAX_SETPOINT;
                }
                if (cmd.setpoint() < Physics.AC_MIN_SETPOINT || cmd.setpoint() > Physics.AC_MAX_SETPOINT) {
                    return "setpoint " + cmd.setpoint() + " is out of range; ac accepts " + Physics.AC_MIN_SETPOINT + " to " + Physics.AC_MAX_SETPOINT;
                }
            } else if (type == DeviceType.LIGHT) {
                if (cmd.brightness() == null) {
                    return "action 'set' for light needs a numeric \"brightness\" between 0 and 100";
                }
                if (cmd.brightness() < 0 || cmd.brightness() > 100) {
                    return "brightness " + cmd.brightness() + " is out of range; light accepts 0 to 100";
                }
            }
        }
        return null;
    }

    public static String acceptedFor(DeviceType type) {
        return switch (type) {
            case AC -> "{\"action\":\"on\"|\"off\"|\"toggle\"} or {\"action\":\"set\",\"setpoint\":16..30}";
            case LIGHT -> "{\"action\":\"on\"|\"off\"|\"toggle\"} or {\"action\":\"set\",\"brightness\":0..100}";
            case SWITCH -> "{\"action\":\"on\"|\"off\"|\"toggle\"}";
            default -> "nothing (read-only)";
        };
    }
}
