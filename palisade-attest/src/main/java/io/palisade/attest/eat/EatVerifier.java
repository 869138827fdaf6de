package io.palisade.attest.eat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.palisade.attest.Appraisal;
import io.palisade.attest.AppraisalPolicy;
import io.palisade.attest.FirmwareMeasurements;
import io.palisade.attest.NonceStore;
import io.palisade.attest.ReasonCode;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * Verifies the EAT of {@link EatClaims} from a device without a TPM, against the hardware-held key and UEID bound at
 * enrollment, the verifier's nonce store and the firmware reference values (model and version).
 */
public final class EatVerifier {
    public static final int MAX_TOKEN_CHARS = 8 * 1024;
    private static final Duration SKEW = Duration.ofSeconds(30);

    /** The device key and UEID bound at enrollment (the key is the one the device's certificate was issued for). */
    public record BoundEatKey(String deviceId, ECPublicKey key, byte[] ueid) {
        public BoundEatKey {
            ueid = ueid.clone();
        }

        @Override
        public byte[] ueid() {
            return ueid.clone();
        }
    }

    private final NonceStore nonces;
    private final Clock clock;
    private final Duration maxAge;

    public EatVerifier(NonceStore nonces, Clock clock, Duration maxAge) {
        this.nonces = nonces;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    public Appraisal verify(String deviceId, String token, BoundEatKey bound, AppraisalPolicy policy) {
        if (bound == null || !bound.deviceId().equals(deviceId)) {
            return new Appraisal.Fail(ReasonCode.AK_NOT_BOUND,
                    "no EAT key is bound to device '" + deviceId + "'");
        }
        if (token == null || token.length() > MAX_TOKEN_CHARS) {
            return fail("token missing or longer than " + MAX_TOKEN_CHARS + " characters");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return fail("not a signed JWT: " + e.getMessage());
        }
        if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
            return fail("alg must be ES256, is " + jwt.getHeader().getAlgorithm());
        }
        if (!new JOSEObjectType(EatClaims.TYPE).equals(jwt.getHeader().getType())) {
            return fail("typ must be " + EatClaims.TYPE);
        }
        if (jwt.getHeader().getCriticalParams() != null && !jwt.getHeader().getCriticalParams().isEmpty()) {
            return fail("critical header parameters are not supported");
        }
        try {
            if (!jwt.verify(new ECDSAVerifier(bound.key()))) {
                return new Appraisal.Fail(ReasonCode.BAD_SIGNATURE,
                        "the EAT is not signed by the key bound to '" + deviceId + "'");
            }
        } catch (JOSEException e) {
            return new Appraisal.Fail(ReasonCode.BAD_SIGNATURE, "EAT signature check failed: " + e.getMessage());
        }
        String profile = string(claims, EatClaims.EAT_PROFILE);
        String nonce = string(claims, EatClaims.NONCE);
        String ueid = string(claims, EatClaims.UEID);
        String swname = string(claims, EatClaims.SWNAME);
        String swversion = string(claims, EatClaims.SWVERSION);
        Date iat;
        try {
            iat = claims.getDateClaim("iat");
        } catch (ParseException e) {
            return fail("iat is not a NumericDate");
        }
        if (!EatClaims.PROFILE.equals(profile)) {
            return fail("eat_profile must be " + EatClaims.PROFILE);
        }
        if (nonce == null || ueid == null || swname == null || swversion == null || iat == null) {
            return fail("eat_nonce, ueid, swname, swversion and iat are required strings/dates");
        }
        Instant now = clock.instant();
        if (iat.toInstant().isAfter(now.plus(SKEW)) || iat.toInstant().isBefore(now.minus(maxAge))) {
            return fail("iat " + iat.toInstant() + " is outside the accepted window");
        }
        byte[] ueidBytes;
        byte[] nonceBytes;
        try {
            ueidBytes = Base64.getUrlDecoder().decode(ueid);
            nonceBytes = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return fail("eat_nonce and ueid must be base64url");
        }
        if (!MessageDigest.isEqual(ueidBytes, bound.ueid)) {
            return new Appraisal.Fail(ReasonCode.AK_NOT_BOUND, "the EAT's ueid is not the one enrolled for '"
                    + deviceId + "'");
        }
        switch (nonces.consume(deviceId, nonceBytes)) {
            case ACCEPTED -> { }
            case REPLAYED -> {
                return new Appraisal.Fail(ReasonCode.NONCE_REPLAYED, "the EAT's nonce was already used: replay");
            }
            case EXPIRED -> {
                return new Appraisal.Fail(ReasonCode.NONCE_EXPIRED, "the EAT's nonce expired");
            }
            case UNKNOWN -> {
                return new Appraisal.Fail(ReasonCode.NONCE_UNKNOWN, "the EAT's nonce was not issued to '"
                        + deviceId + "'");
            }
        }
        FirmwareMeasurements expected = policy.expected();
        if (expected.model().equals(swname) && expected.version().equals(swversion)) {
            return new Appraisal.Pass(deviceId, swname, swversion, -1, -1);
        }
        for (FirmwareMeasurements r : policy.revoked()) {
            if (r.model().equals(swname) && r.version().equals(swversion)) {
                return new Appraisal.Fail(ReasonCode.FIRMWARE_REVOKED, "the device runs revoked firmware "
                        + r.label() + " (expected " + expected.label() + ")");
            }
        }
        return new Appraisal.Fail(ReasonCode.FIRMWARE_MISMATCH, "the device reports firmware " + swname + " "
                + swversion + ", expected " + expected.label());
    }

    private static String string(JWTClaimsSet claims, String name) {
        Object v = claims.getClaim(name);
        return v instanceof String s ? s : null;
    }

    private static Appraisal fail(String message) {
        return new Appraisal.Fail(ReasonCode.EAT_INVALID, message);
    }
}
