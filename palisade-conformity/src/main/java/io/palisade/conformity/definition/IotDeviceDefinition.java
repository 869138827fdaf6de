package io.palisade.conformity.definition;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a model is an "IoT device" in NIST's sense (NISTIR 8259, IoT Cybersecurity Improvement Act 2020):
 * at least one transducer (sensor or actuator) interacting with the physical world, at least one network
 * interface, able to function on its own (not only as a component), and not conventional IT (PC, phone, server).
 */
public final class IotDeviceDefinition {
    private IotDeviceDefinition() {
    }

    /** The verdict and a reason per criterion (each reason says whether the criterion was met). */
    public record Verdict(boolean iotDevice, List<String> reasons, List<String> unmetCriteria) {
        public Verdict {
            reasons = List.copyOf(reasons);
            unmetCriteria = List.copyOf(unmetCriteria);
        }
    }

    public static Verdict check(IotTraits t) {
        List<String> reasons = new ArrayList<>();
        List<String> unmet = new ArrayList<>();
        int transducers = t.sensors() + t.actuators();
        if (transducers > 0) {
            reasons.add("has " + transducers + " transducer(s) (" + t.sensors() + " sensor(s), " + t.actuators()
                    + " actuator(s)) that interact with the physical world");
        } else {
            reasons.add("has no sensor or actuator, so it does not interact with the physical world");
            unmet.add("transducer");
        }
        if (t.networkInterfaces() > 0) {
            reasons.add("has " + t.networkInterfaces() + " network interface(s)");
        } else {
            reasons.add("has no network interface");
            unmet.add("network-interface");
        }
        switch (t.operation()) {
            case STANDALONE -> reasons.add("functions on its own");
            case NEEDS_COMPANION -> reasons.add("functions on its own but some features need a companion (hub, app or"
                    + " cloud): assess the whole product (NIST IR 8425)");
            case COMPONENT_ONLY -> {
                reasons.add("is only a component (e.g. a module or processor) that does not function on its own");
                unmet.add("functions-on-its-own");
            }
        }
        if (t.generalPurposeComputer()) {
            reasons.add("is conventional IT (a general-purpose computer such as a PC, laptop, phone or server)");
            unmet.add("not-conventional-it");
        } else {
            reasons.add("is not a general-purpose computer");
        }
        return new Verdict(unmet.isEmpty(), reasons, unmet);
    }
}
