package io.palisade.device.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.random.RandomGenerator;

/** Small JSON payloads a simulated device sends, shaped by its model name. */
public final class SimulatedPayloads {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The payload families. */
    public enum Kind { CAMERA, PLUG, CONTROLLER, SENSOR }

    private SimulatedPayloads() {
    }

    /** camera: name contains "cam"; plug: "plug"; controller: "plc" or "gateway"; anything else a sensor. */
    public static Kind kindOf(String model) {
        String m = model == null ? "" : model.toLowerCase(Locale.ROOT);
        if (m.contains("cam")) {
            return Kind.CAMERA;
        }
        if (m.contains("plug")) {
            return Kind.PLUG;
        }
        if (m.contains("plc") || m.contains("gateway")) {
            return Kind.CONTROLLER;
        }
        return Kind.SENSOR;
    }

    public static String telemetry(String model, long epochMillis, RandomGenerator random) {
        ObjectNode n = JSON.createObjectNode();
        n.put("ts", epochMillis);
        switch (kindOf(model)) {
            case CAMERA -> {
                n.put("fps", 15 + random.nextInt(16));
                n.put("bitrateKbps", 800 + random.nextInt(3200));
                n.put("motion", random.nextInt(10) == 0);
            }
            case PLUG -> {
                n.put("watts", Math.round(random.nextDouble(0, 2300) * 10) / 10.0);
                n.put("relay", random.nextInt(5) == 0 ? "off" : "on");
            }
            case CONTROLLER -> {
                n.put("cycleMs", 5 + random.nextInt(46));
                ArrayNode inputs = n.putArray("inputs");
                for (int i = 0; i < 8; i++) {
                    inputs.add(random.nextBoolean() ? 1 : 0);
                }
            }
            case SENSOR -> n.put("temperatureC", Math.round(random.nextDouble(-10, 45) * 10) / 10.0);
        }
        return n.toString();
    }

    public static String bootEvent(String firmware) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "boot");
        n.put("firmware", firmware == null || firmware.isBlank() ? "1.0.0" : firmware);
        return n.toString();
    }
}
