package io.palisade.device.update;

/** The {@code step} of an update status report. */
public enum UpdateStep {
    RECEIVED("received"), DOWNLOADING("downloading"), VERIFIED("verified"), INSTALLING("installing"),
    REBOOTING("rebooting"), SUCCEEDED("succeeded"), FAILED("failed"), ROLLED_BACK("rolled-back");

    private final String wireName;

    UpdateStep(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** True for the steps that end an update. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == ROLLED_BACK;
    }
}
