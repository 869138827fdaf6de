package io.palisade.server.fleet;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import io.palisade.core.store.Store;
import io.palisade.pki.CertificateAuthority;
import io.palisade.pki.Pem;
import io.palisade.server.http.RouteModule;
import java.time.Clock;
import java.util.Base64;

/** Public revocation endpoints: the CRL (distribution point in every device certificate) and the OCSP responder (RFC 6960). */
public final class PkiRoutes implements RouteModule {
    static final int MAX_OCSP_REQUEST = 16 * 1024;
    private final Store store;
    private final CertificateAuthority ca;
    private final Clock clock;

    public PkiRoutes(Store store, CertificateAuthority ca, Clock clock) {
        this.store = store;
        this.ca = ca;
        this.clock = clock;
    }

    @Override
    public java.util.List<String> publicPrefixes() {
        return java.util.List.of("/pki/");
    }

    @Override
    public void register(Javalin app) {
        app.get("/pki/crl", ctx -> {
            byte[] crl = ca.crl(store.read(r -> r.certificates().listRevoked()), clock.instant());
            ctx.contentType("application/pkix-crl").result(crl);
        });
        app.get("/pki/ca.crt", ctx -> ctx.contentType("application/x-pem-file").result(Pem.certificate(ca.rootCertificate())));
        app.post("/pki/ocsp", ctx -> {
            byte[] body = ctx.bodyAsBytes();
            if (body.length > MAX_OCSP_REQUEST) {
                throw new PalisadeException(ErrorCode.PAYLOAD_TOO_LARGE, "OCSP request larger than " + MAX_OCSP_REQUEST + " bytes");
            }
            answer(ctx, body);
        });
        app.get("/pki/ocsp/{request}", ctx -> {
            String b64 = ctx.pathParam("request");
            if (b64.length() > MAX_OCSP_REQUEST * 2) {
                throw new PalisadeException(ErrorCode.PAYLOAD_TOO_LARGE, "OCSP request too large");
            }
            byte[] req;
            try {
                req = Base64.getDecoder().decode(java.net.URLDecoder.decode(b64, java.nio.charset.StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                req = new byte[0];
            }
            answer(ctx, req);
        });
    }

    private void answer(Context ctx, byte[] req) {
        byte[] resp = ca.ocsp(req, serial -> store.read(r -> r.certificates().find(serial)), clock.instant());
        ctx.contentType("application/ocsp-response").result(resp);
    }
}
