package io.palisade.attest.eat;

/**
 * The EAT (RFC 9711) profile Palisade uses for devices without a TPM: a JWT signed with ES256 by the device's
 * hardware-held P-256 key (secure element / PKCS#11 token), header {@code typ: "eat+jwt"}, claims:
 *
 * <ul>
 *   <li>{@code eat_nonce}: the verifier's nonce, base64url without padding (required);</li>
 *   <li>{@code ueid}: the device's UEID, base64url without padding (required; type byte 0x01 RAND followed by 16-32
 *       bytes, or 0x02 IEEE EUI / 0x03 IMEI);</li>
 *   <li>{@code swname} / {@code swversion}: firmware model and version (required; compared to the reference
 *       values' model and version);</li>
 *   <li>{@code iat}: issue time (required; not older than the verifier's max age);</li>
 *   <li>{@code eat_profile}: {@value #PROFILE} (required).</li>
 * </ul>
 */
public final class EatClaims {
    public static final String PROFILE = "urn:palisade:eat:device:1";
    public static final String TYPE = "eat+jwt";
    public static final String NONCE = "eat_nonce";
    public static final String UEID = "ueid";
    public static final String SWNAME = "swname";
    public static final String SWVERSION = "swversion";
    public static final String EAT_PROFILE = "eat_profile";

    private EatClaims() {
    }
}
