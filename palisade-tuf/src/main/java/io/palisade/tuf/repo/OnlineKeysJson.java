package io.palisade.tuf.repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palisade.tuf.metadata.Key;
import io.palisade.tuf.metadata.RoleType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The online roles' public keys between the server and the offline root signer (the CLI); a malformed document is an
 * {@link IllegalArgumentException}:
 * {@code {"targets":{"threshold":1,"keys":[{"keytype":..,"scheme":..,"public":..}]},"snapshot":..,"timestamp":..}}.
 */
public final class OnlineKeysJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OnlineKeysJson() {
    }

    public static byte[] write(OnlineRoleKeys roles) {
        ObjectNode root = MAPPER.createObjectNode();
        for (RoleType t : List.of(RoleType.TARGETS, RoleType.SNAPSHOT, RoleType.TIMESTAMP)) {
            RoleKeys rk = roles.of(t);
            ObjectNode r = root.putObject(t.typeName());
            r.put("threshold", rk.threshold());
            ArrayNode keys = r.putArray("keys");
            for (Key k : rk.keys()) {
                keys.addObject().put("keytype", k.keyType()).put("scheme", k.scheme()).put("public", k.publicValue().orElse(null));
            }
        }
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static OnlineRoleKeys read(byte[] json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            return new OnlineRoleKeys(role(n.path("targets")), role(n.path("snapshot")), role(n.path("timestamp")));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("online keys document is malformed: " + e.getMessage(), e);
        }
    }

    private static RoleKeys role(JsonNode r) {
        List<Key> keys = new ArrayList<>();
        for (JsonNode k : r.path("keys")) {
            keys.add(new Key(k.path("keytype").asText(), k.path("scheme").asText(), Optional.ofNullable(k.path("public").asText(null))));
        }
        return new RoleKeys(keys, r.path("threshold").asInt(1));
    }
}
