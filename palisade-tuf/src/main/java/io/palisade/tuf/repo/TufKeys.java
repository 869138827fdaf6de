package io.palisade.tuf.repo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.palisade.tuf.TufException;
import io.palisade.tuf.metadata.CanonicalJson;
import io.palisade.tuf.metadata.Key;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The TUF JSON form of a public key and its key id (SHA-256 over the canonical JSON of that object, spec §4.2). */
public final class TufKeys {
    private TufKeys() {
    }

    /** {@code {"keytype":..,"keyval":{"public":..},"scheme":..}}. */
    public static ObjectNode toJson(Key key) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("keytype", key.keyType());
        n.put("scheme", key.scheme());
        ObjectNode keyval = n.putObject("keyval");
        key.publicValue().ifPresent(p -> keyval.put("public", p));
        return n;
    }

    /** Lowercase hex SHA-256 of the canonical JSON of {@link #toJson(Key)}. */
    public static String keyId(Key key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CanonicalJson.encode(toJson(key))));
        } catch (NoSuchAlgorithmException | TufException e) {
            throw new IllegalStateException("cannot compute key id: " + e.getMessage(), e);
        }
    }
}
