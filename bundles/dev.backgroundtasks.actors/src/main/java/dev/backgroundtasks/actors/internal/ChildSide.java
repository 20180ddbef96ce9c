package dev.backgroundtasks.actors.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import dev.backgroundtasks.actors.ActorDestroyedException;
import dev.backgroundtasks.actors.ActorException;
import dev.backgroundtasks.actors.ChildActor;
import dev.backgroundtasks.actors.ChildHandler;
import dev.backgroundtasks.actors.DestroyReason;
import dev.backgroundtasks.actors.Request;

/**
 * A child actor: callable from any thread, its callbacks on {@code home}. Its lock orders every frame it
 * sends against the moment it ends, so nothing of it leaves after its close (which the other side would
 * rightly call a protocol error). Everything it posts to {@code home} keeps the order of arrival, so
 * {@link #destroyed()} completes after every message received before the end.
 */
final class ChildSide<P, C> implements ChildActor<P, C> {
    final ProtocolSchema schema;
    private final ChildHandler<C> handler;
    private final Executor home;
    private final CompletableFuture<DestroyReason> destroyed = new CompletableFuture<>();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    /** The pair's id on its connection; 0 in process. */
    long wireId;
    private Uplink uplink;
    private long lastRequest;
    /** Null while the pair lives; written under the lock. */
    private volatile DestroyReason ended;
    /** Set by this side's own close: what crosses it is dropped. */
    private volatile boolean closedHere;

    private record Pending(CompletableFuture<Object> future, Shape reply) {
    }

    ChildSide(ProtocolSchema schema, ChildHandler<C> handler, Executor home) {
        this.schema = schema;
        this.handler = handler;
        this.home = home;
    }

    synchronized void link(Uplink uplink) {
        this.uplink = uplink;
    }

    // ------------------------------------------------------------------------------------------ ChildActor

    @Override
    public boolean send(P message) {
        MessageType type = schema.checkToParent(message);
        synchronized (this) {
            return ended == null && uplink.message(this, type, message);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> CompletionStage<R> request(Request<R> message) {
        MessageType type = schema.checkToParent(message);
        if (type.reply == null) {
            throw new IllegalArgumentException("protocol " + schema.name() + ": " + type.identity()
                    + " declares no reply type");
        }
        CompletableFuture<Object> future = new CompletableFuture<>();
        RuntimeException refused = null;
        synchronized (this) {
            DestroyReason reason = ended;
            if (reason != null) {
                refused = new ActorDestroyedException(reason);
            } else {
                long id = ++lastRequest;
                pending.put(id, new Pending(future, type.reply));
                boolean sent;
                try {
                    sent = uplink.request(this, id, type, message);
                } catch (RuntimeException e) {
                    pending.remove(id);
                    throw e;
                }
                if (!sent) {
                    pending.remove(id);
                    refused = new RejectedExecutionException("protocol " + schema.name()
                            + ": the pending queue is full; the parent does not keep up");
                }
            }
        }
        if (refused != null) {
            RuntimeException failure = refused;
            post(() -> future.completeExceptionally(failure));
        }
        return (CompletionStage<R>) future.copy();
    }

    @Override
    public CompletionStage<DestroyReason> destroyed() {
        return destroyed.copy();
    }

    @Override
    public void close() {
        if (closeHere()) {
            post(() -> finish(DestroyReason.DELETION));
        }
    }

    /** Ends the pair from this side, once: false when it had ended already. */
    private synchronized boolean closeHere() {
        if (ended != null) {
            return false;
        }
        ended = DestroyReason.DELETION;
        closedHere = true;
        uplink.close(this);
        return true;
    }

    // --------------------------------------------------------------------------------- from the transport

    /** A message from the parent, in order; {@code delivered} (if any) runs on home just before the handler. */
    @SuppressWarnings("unchecked")
    void deliver(Object message, Runnable delivered) {
        post(() -> {
            if (delivered != null) {
                delivered.run();
            }
            if (closedHere) {
                return; // it crossed this side's own close
            }
            try {
                handler.receive((C) message);
            } catch (Throwable e) {
                Thread thread = Thread.currentThread();
                thread.getUncaughtExceptionHandler().uncaughtException(thread, new ActorException("protocol '"
                        + schema.name() + "': the child's receive of " + ProtocolSchema.relativeName(message.getClass())
                        + " threw " + e, e));
            }
        });
    }

    /** The reply's shape of a request still waiting, or null (a reply to no request). */
    Shape replyShape(long request) {
        Pending waiting = pending.get(request);
        return waiting == null ? null : waiting.reply;
    }

    boolean replied(long request, Object value) {
        Pending waiting = pending.remove(request);
        if (waiting == null) {
            return false;
        }
        post(() -> waiting.future.complete(value));
        return true;
    }

    boolean failed(long request, String text) {
        Pending waiting = pending.remove(request);
        if (waiting == null) {
            return false;
        }
        post(() -> waiting.future.completeExceptionally(new ActorException(text)));
        return true;
    }

    /** The pair ended elsewhere (the parent, the connection, a shutdown); the first reason wins. */
    boolean end(DestroyReason reason) {
        synchronized (this) {
            if (ended != null) {
                return false;
            }
            ended = reason;
        }
        post(() -> finish(reason));
        return true;
    }

    boolean isEnded() {
        return ended != null;
    }

    private void finish(DestroyReason reason) {
        for (Long id : pending.keySet()) {
            Pending waiting = pending.remove(id);
            if (waiting != null) {
                waiting.future.completeExceptionally(new ActorDestroyedException(reason));
            }
        }
        destroyed.complete(reason);
    }

    private void post(Runnable work) {
        try {
            home.execute(work);
        } catch (RejectedExecutionException homeGone) {
            // the home executor is closed: nobody is left to observe this child, so the pair ends here
            closeHere();
        }
    }

    @Override
    public String toString() {
        return "ChildActor[" + schema.name() + (ended == null ? "" : ", " + ended) + "]";
    }
}
