package io.palisade.device;

/** A device-side failure: key storage, TLS identity, MQTT connection, publish or subscription rejected. */
public final class DeviceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeviceException(String message) {
        super(message);
    }

    public DeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
