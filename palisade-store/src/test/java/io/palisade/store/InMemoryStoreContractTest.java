package io.palisade.store;

import io.palisade.core.store.Store;
import io.palisade.core.store.memory.InMemoryStore;

/** The store contract against the in-memory store of palisade-core. */
class InMemoryStoreContractTest extends StoreContractTest {
    @Override
    protected Store newStore() {
        return new InMemoryStore();
    }
}
