package io.palisade.mud.model;

/** Traffic direction relative to the device ({@code ietf-mud:direction} values). */
public enum Direction {
    FROM_DEVICE("from-device"), TO_DEVICE("to-device");

    private final String yangName;

    Direction(String yangName) {
        this.yangName = yangName;
    }

    public String yangName() {
        return yangName;
    }
}
