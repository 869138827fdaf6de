package io.palisade.server.fleet;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import io.palisade.core.device.DeviceId;
import io.palisade.core.registry.DeviceRegistry;
import io.palisade.core.registry.EnrollmentService;
import io.palisade.pki.CertificateAuthority;
import io.palisade.pki.Chains;
import io.palisade.pki.CsrPolicy;
import io.palisade.pki.Est;
import io.palisade.pki.ValidatedCsr;
import io.palisade.server.http.RouteModule;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EST (RFC 7030) under /.well-known/est/: cacerts, simpleenroll, simplereenroll; HTTPS only.
 *
 * <p>The TLS layer requests (but does not require or judge) a client certificate; every certificate-based
 * decision is made here, against explicit anchors: simpleenroll accepts an IDevID chaining to a registered
 * manufacturer anchor, simplereenroll only the device's current Palisade certificate. Without a valid
 * credential the answer is 401.
 */
public final class EstRoutes implements RouteModule {
    private static final Logger LOG = LoggerFactory.getLogger(EstRoutes.class);
    static final String PREFIX = "/.well-known/est/";
    private static final String CERTS_ONLY = "application/pkcs7-mime; smime-type=certs-only";
    private static final int MAX_CSR_BYTES = 16 * 1024;

    private final DeviceRegistry registry;
    private final EnrollmentService enrollment;
    private final CertificateAuthority ca;

    public EstRoutes(DeviceRegistry registry, EnrollmentService enrollment, CertificateAuthority ca) {
        this.registry = registry;
        this.enrollment = enrollment;
        this.ca = ca;
    }

    @Override
    public List<String> publicPrefixes() {
        return List.of(PREFIX);
    }

    @Override
    public void register(Javalin app) {
        app.get(PREFIX + "cacerts", ctx -> {
            requireTls(ctx);
            certsOnly(ctx, ca.chain());
        });
        app.post(PREFIX + "simpleenroll", this::simpleEnroll);
        app.post(PREFIX + "simplereenroll", this::simpleReenroll);
    }

    private void simpleEnroll(Context ctx) {
        requireTls(ctx);
        byte[] csrDer = csrBody(ctx);
        String auth = ctx.header("Authorization");
        X509Certificate[] presented = clientChain(ctx);
        X509Certificate issued;
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            String[] cred = basic(auth);
            DeviceId id = deviceIdOrUnauthorized(cred[0]);
            ValidatedCsr csr = CsrPolicy.validate(csrDer, id);
            issued = registry.enrollWithToken(id, cred[1], csr.publicKey());
            LOG.info("EST simpleenroll: device {} enrolled with a one-time token", id);
        } else if (presented != null && presented.length > 0) {
            issued = enrollment.enrollWithIdevid(ctx.ip(), presented, id -> CsrPolicy.validate(csrDer, id).publicKey());
        } else {
            throw PalisadeException.unauthorized("EST enrollment needs HTTP Basic (device id + one-time token) or a manufacturer IDevID client certificate");
        }
        certsOnly(ctx, List.of(issued));
    }

    private void simpleReenroll(Context ctx) {
        requireTls(ctx);
        byte[] csrDer = csrBody(ctx);
        X509Certificate[] presented = clientChain(ctx);
        if (presented == null || presented.length == 0) {
            throw PalisadeException.unauthorized("simplereenroll needs the device's current Palisade certificate as TLS client certificate");
        }
        X509Certificate issued = enrollment.reenrollWithCertificate(ctx.ip(), presented,
                List.of(ca.issuingCertificate(), ca.rootCertificate()), id -> CsrPolicy.validate(csrDer, id).publicKey());
        certsOnly(ctx, List.of(issued));
    }

    private static void requireTls(Context ctx) {
        if (!"https".equalsIgnoreCase(ctx.scheme())) {
            throw new PalisadeException(ErrorCode.FORBIDDEN, "EST is only served over HTTPS (port 8443 by default)");
        }
    }

    private static byte[] csrBody(Context ctx) {
        String ct = ctx.contentType();
        if (ct == null || !ct.toLowerCase(Locale.ROOT).startsWith("application/pkcs10")) {
            throw new PalisadeException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the CSR as Content-Type: application/pkcs10 (base64 DER)");
        }
        return Est.decodeBase64(ctx.bodyAsBytes(), MAX_CSR_BYTES);
    }

    static X509Certificate[] clientChain(Context ctx) {
        Object o = ctx.req().getAttribute("jakarta.servlet.request.X509Certificate");
        return o instanceof X509Certificate[] a ? a : null;
    }

    private static String[] basic(String header) {
        String raw = header.substring(6).trim();
        if (raw.length() > 1024) {
            throw PalisadeException.unauthorized("malformed Basic credentials");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(raw), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw PalisadeException.unauthorized("malformed Basic credentials");
        }
        int i = decoded.indexOf(':');
        if (i <= 0) {
            throw PalisadeException.unauthorized("malformed Basic credentials: expected deviceId:token");
        }
        return new String[] {decoded.substring(0, i), decoded.substring(i + 1)};
    }

    private static DeviceId deviceIdOrUnauthorized(String s) {
        if (!DeviceId.isValid(s)) {
            throw PalisadeException.unauthorized("enrollment token rejected: ask the operator for a new one-time token");
        }
        return DeviceId.of(s);
    }

    private static void certsOnly(Context ctx, List<X509Certificate> certs) {
        byte[] der = Est.certsOnly(certs);
        ctx.header("Content-Transfer-Encoding", "base64");
        ctx.contentType(CERTS_ONLY);
        ctx.result(Base64.getMimeEncoder(64, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der) + "\r\n");
    }
}
