package io.palisade.core.event;

import java.util.function.Consumer;

/** Port: the event bus (in-process by default). Subscribers must not block for long. */
public interface EventBus {
    void publish(DomainEvent event);

    <E extends DomainEvent> AutoCloseable subscribe(Class<E> type, Consumer<? super E> subscriber);
}
