package io.palisade.core.audit;

import java.util.List;
import java.util.Optional;

public interface AuditRepository {
    /** Appends; @throws io.palisade.core.PalisadeException CONFLICT when the seq exists. There is no update or delete. */
    void append(AuditEvent event);

    Optional<AuditEvent> last();

    /** Entries with seq &gt; afterSeq, ascending, at most limit. */
    List<AuditEvent> list(long afterSeq, int limit);
}
