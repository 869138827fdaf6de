package io.palisade.core.event;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Synchronous in-process bus: a failing subscriber is logged and does not stop the others. */
public final class InProcessEventBus implements EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessEventBus.class);

    private record Subscription(Class<? extends DomainEvent> type, Consumer<DomainEvent> consumer) {
    }

    private final CopyOnWriteArrayList<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    @Override
    public void publish(DomainEvent event) {
        for (Subscription s : subscriptions) {
            if (s.type().isInstance(event)) {
                try {
                    s.consumer().accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("event subscriber failed on {}", event.getClass().getSimpleName(), e);
                }
            }
        }
    }

    @Override
    public <E extends DomainEvent> AutoCloseable subscribe(Class<E> type, Consumer<? super E> subscriber) {
        Subscription s = new Subscription(type, e -> subscriber.accept(type.cast(e)));
        subscriptions.add(s);
        return () -> subscriptions.remove(s);
    }
}
