package io.palisade.vuln.disclosure;

import java.util.List;
import java.util.Optional;

/** Port: persistence of vulnerability cases (the server supplies a database-backed one). */
public interface CaseStore {
    /** Inserts or replaces the case with the same tracking id. */
    void save(VulnCase c);

    Optional<VulnCase> find(String trackingId);

    /** Cases not CLOSED (for alert sweeps). */
    List<VulnCase> open();
}
