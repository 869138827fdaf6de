/** An in-memory implementation of the store ports, for fast domain tests. */
package io.palisade.core.store.memory;
