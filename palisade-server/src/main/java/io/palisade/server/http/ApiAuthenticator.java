package io.palisade.server.http;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.palisade.core.ErrorCode;
import io.palisade.core.PalisadeException;
import io.palisade.core.audit.AuditAction;
import io.palisade.core.audit.AuditLog;
import io.palisade.core.auth.ApiToken;
import io.palisade.core.auth.Secrets;
import io.palisade.core.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer-token authentication of API callers. A failure is counted, throttled per source address on the network
 * (HTTPS) listener and audited (at most 20 audit entries a second, so a flood cannot fill the audit log).
 */
public final class ApiAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(ApiAuthenticator.class);
    static final String ACTOR = "actor";

    private final Store store;
    private final Clock clock;
    private final Counter failures;
    private final AuditBudget failureAudit = new AuditBudget(20);
    private final AuthThrottle throttle = new AuthThrottle();

    public ApiAuthenticator(Store store, Clock clock, Counter failures) {
        this.store = store;
        this.clock = clock;
        this.failures = failures;
    }

    /** Sets the caller as the request's actor, or throws 401 (429 when the address is throttled). */
    void authenticate(Context ctx) {
        boolean network = "https".equalsIgnoreCase(ctx.scheme());
        if (network && throttle.blocked(ctx.ip(), clock.instant())) {
            ctx.header("Retry-After", "60");
            throw new PalisadeException(ErrorCode.RATE_LIMITED, "too many failed authentications from this address: try again in a minute");
        }
        String h = ctx.header("Authorization");
        if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) && h.length() < 512) {
            String hash = Secrets.hash(h.substring(7).trim());
            Optional<ApiToken> t = store.read(r -> r.apiTokens().findByHash(hash));
            if (t.isPresent() && t.get().active() && Secrets.hashesEqual(hash, t.get().tokenHash())) {
                ctx.attribute(ACTOR, "token:" + t.get().id());
                return;
            }
        }
        Instant now = clock.instant();
        String from = ctx.ip();
        failures.increment();
        if (network) {
            throttle.failed(from, now);
        }
        if (failureAudit.tryAcquire(now)) {
            store.transaction(r -> AuditLog.append(r.audit(), now, "anonymous@" + from, AuditAction.API_AUTH_FAILED,
                    "api:" + ctx.method() + " " + Params.truncate(ctx.path(), 200), h == null ? "no credentials" : "invalid bearer token"));
            LOG.warn("API authentication failed from {} on {} {}", from, ctx.method(), Params.truncate(ctx.path(), 200));
        }
        throw PalisadeException.unauthorized("missing or invalid bearer token: use the admin token from <data-dir>/admin.token");
    }

    /**
     * Limits authentication attempts per source address on the network (HTTPS) listener (ETSI EN 303 645 5.1-5):
     * after {@link #MAX_FAILURES} failed authentications within a minute, every request from that address that
     * needs a token is refused with 429 until the minute has passed. The loopback HTTP listener of the local CLI is
     * not throttled. At most 10,000 addresses are tracked (then the table is reset).
     */
    static final class AuthThrottle {
        static final int MAX_FAILURES = 10;
        private final ConcurrentHashMap<String, long[]> failures = new ConcurrentHashMap<>();

        boolean blocked(String ip, Instant now) {
            long[] f = failures.get(ip);
            return f != null && now.getEpochSecond() - f[0] < 60 && f[1] >= MAX_FAILURES;
        }

        void failed(String ip, Instant now) {
            if (failures.size() > 10_000) {
                failures.clear();
            }
            failures.compute(ip, (k, f) -> {
                long t = now.getEpochSecond();
                if (f == null || t - f[0] >= 60) {
                    return new long[] {t, 1};
                }
                f[1]++;
                return f;
            });
        }
    }

    /** At most {@code perSecond} permits in any one-second window. */
    static final class AuditBudget {
        private final int perSecond;
        private long windowStart;
        private int used;

        AuditBudget(int perSecond) {
            this.perSecond = perSecond;
        }

        synchronized boolean tryAcquire(Instant now) {
            long second = now.getEpochSecond();
            if (second != windowStart) {
                windowStart = second;
                used = 0;
            }
            return used++ < perSecond;
        }
    }
}
