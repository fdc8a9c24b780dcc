package dev.iotlab.contract;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The MQTT topic scheme of a lab, as the original platform defined it: the simulator publishes readings and device
 * announcements, the API learns devices from them and sends commands the simulator obeys.
 */
public final class MqttTopics {
    /** Every reading: {@code sensors/{type}/{id}}. */
    public static final String ALL_SENSORS = "sensors/#";
    /** A device's retained announcement (type, room, unit, ...). */
    public static final String ALL_DEVICE_META = "devices/+/meta";
    /** A device's state after a command or a change. */
    public static final String ALL_DEVICE_STATES = "devices/+/state";
    /** Commands to any device. */
    public static final String ALL_DEVICE_COMMANDS = "devices/+/command";
    /** A command to every device of a type in a room: {@code automation/{type}/{room}} (workshop module 8). */
    public static final String ALL_AUTOMATION = "automation/+/+";
    /** What the simulator could not do with a command, and why. */
    public static final String SIMULATOR_ERRORS = "simulator/errors";
    /** The simulator's retained online/offline (its last will). */
    public static final String SIMULATOR_STATUS = "simulator/status";

    private MqttTopics() {
    }

    public static String sensor(String type, String deviceId) {
        return "sensors/" + type + "/" + deviceId;
    }

    public static String deviceMeta(String deviceId) {
        return device(deviceId, "meta");
    }

    public static String deviceState(String deviceId) {
        return device(deviceId, "state");
    }

    public static String deviceCommand(String deviceId) {
        return device(deviceId, "command");
    }

    public static String automation(String type, String room) {
        return "automation/" + type + "/" + room;
    }

    /** The {@code {id}} (possibly empty) of a {@code devices/{id}/...} topic, or null when the topic is not one. */
    public static String deviceIdOf(String topic) {
        String[] parts = topic.split("/", -1);
        return parts.length == 3 && parts[0].equals("devices") ? parts[1] : null;
    }

    private static String device(String deviceId, String what) {
        return "devices/" + deviceId + "/" + what;
    }

    /** The scheme with placeholders, for the JSON export and documentation. */
    static Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sensor", sensor("{type}", "{id}"));
        out.put("deviceMeta", deviceMeta("{id}"));
        out.put("deviceState", deviceState("{id}"));
        out.put("deviceCommand", deviceCommand("{id}"));
        out.put("automation", automation("{type}", "{room}"));
        out.put("simulatorErrors", SIMULATOR_ERRORS);
        out.put("simulatorStatus", SIMULATOR_STATUS);
        out.put("allSensors", ALL_SENSORS);
        out.put("allDeviceMeta", ALL_DEVICE_META);
        out.put("allDeviceStates", ALL_DEVICE_STATES);
        out.put("allDeviceCommands", ALL_DEVICE_COMMANDS);
        out.put("allAutomation", ALL_AUTOMATION);
        return out;
    }
}
