package io.palisade.core.store;

import io.palisade.core.auth.ApiToken;
import java.util.List;
import java.util.Optional;

public interface ApiTokenRepository {
    void insert(ApiToken token);

    Optional<ApiToken> findByHash(String tokenHash);

    List<ApiToken> list();
}
