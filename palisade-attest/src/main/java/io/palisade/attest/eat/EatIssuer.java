package io.palisade.attest.eat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.PrivateKey;
import java.security.Provider;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/** Device side: makes the EAT of {@link EatClaims} with a P-256 key (which may live in a PKCS#11 token). */
public final class EatIssuer {
    private EatIssuer() {
    }

    public static String issue(PrivateKey key, Provider provider, byte[] ueid, byte[] nonce, String swname,
            String swversion, Instant iat) {
        try {
            ECDSASigner signer = new ECDSASigner(key, Curve.P_256);
            if (provider != null) {
                signer.getJCAContext().setProvider(provider);
            }
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .claim(EatClaims.NONCE, b64.encodeToString(nonce))
                    .claim(EatClaims.UEID, b64.encodeToString(ueid))
                    .claim(EatClaims.SWNAME, swname)
                    .claim(EatClaims.SWVERSION, swversion)
                    .claim(EatClaims.EAT_PROFILE, EatClaims.PROFILE)
                    .issueTime(Date.from(iat))
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
                    .type(new JOSEObjectType(EatClaims.TYPE)).build(), claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the EAT: " + e.getMessage(), e);
        }
    }
}
