package dev.backgroundtasks.actors.internal;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

import dev.backgroundtasks.actors.ActorFactory;
import dev.backgroundtasks.actors.ChildLink;
import dev.backgroundtasks.actors.DestroyReason;
import dev.backgroundtasks.actors.ParentActor;

/**
 * A parent actor's side of a pair. Lives on the background thread: every method but the link's runs
 * there, so its state needs no lock. Made when the child's open arrives; the factory's {@code create}
 * runs first, then the messages in the order the child sent them.
 */
final class ParentSide {
    final ProtocolSchema schema;
    private final ActorFactory<?, ?> factory;
    private final Downlink downlink;
    private final BackgroundThread thread;
    /** The live parents of this process, for shutdown and for a factory that goes away; loop only. */
    private final Set<ParentSide> live;
    private final PrintStream reports;
    /** The pair's id on its connection; 0 in process. */
    final long wireId;
    private final ChildLink<Object> link = new Link();
    private ParentActor<Object, Object> actor;
    /** Written on the loop only; read by the link from any thread. */
    private volatile boolean ended;

    ParentSide(ProtocolSchema schema, ActorFactory<?, ?> factory, Downlink downlink, BackgroundThread thread,
            Set<ParentSide> live, PrintStream reports, long wireId) {
        this.schema = schema;
        this.factory = factory;
        this.downlink = downlink;
        this.thread = thread;
        this.live = live;
        this.reports = reports;
        this.wireId = wireId;
    }

    ActorFactory<?, ?> factory() {
        return factory;
    }

    // ----------------------------------------------------------------------------------- on the loop

    @SuppressWarnings("unchecked")
    void create() {
        if (ended) {
            return; // the child, or a shutdown, ended the pair before its parent existed
        }
        if (thread.isClosing()) {
            ended = true;
            downlink.close(this, DestroyReason.NORMAL_SHUTDOWN);
            return;
        }
        ParentActor<Object, Object> made = null;
        try {
            made = thread.handler(schema::name, () -> "create",
                    () -> (ParentActor<Object, Object>) ((ActorFactory<Object, Object>) factory).create(link));
            if (made == null) {
                reports.println("backgroundtasks: the actor factory of protocol '" + schema.name() + "' ("
                        + factory.getClass().getName() + ") returned null");
            }
        } catch (Throwable e) {
            reports.println("backgroundtasks: the actor factory of protocol '" + schema.name() + "' ("
                    + factory.getClass().getName() + ") threw " + e);
            e.printStackTrace(reports);
        }
        if (made == null) {
            ended = true;
            downlink.close(this, DestroyReason.FAILED_CONSTRUCTOR);
            return;
        }
        actor = made;
        live.add(this);
    }

    /** One message from the child; {@code request} is its id, or -1 for a plain message. */
    void receive(MessageType type, Object message, long request) {
        if (ended || actor == null) {
            return; // it crossed this side's own close
        }
        CompletionStage<?> stage;
        try {
            stage = thread.handler(schema::name, type::identity, () -> actor.receive(message));
        } catch (Throwable e) {
            if (request >= 0) {
                downlink.fail(this, request, failure(type, "threw", e));
            } else {
                report(type, "threw", e);
            }
            return;
        }
        if (request < 0) {
            if (stage != null) {
                stage.whenComplete((ignored, e) -> {
                    if (e != null) {
                        report(type, "completed its stage with", unwrap(e));
                    }
                });
            }
            return;
        }
        if (stage == null) {
            reply(type, request, null);
            return;
        }
        stage.whenComplete((value, e) -> {
            Runnable answer = () -> {
                if (ended) {
                    return; // the pair ended first: its request already failed at the child
                }
                if (e != null) {
                    downlink.fail(this, request, failure(type, "failed its stage with", unwrap(e)));
                } else {
                    reply(type, request, value);
                }
            };
            thread.run(answer);
        });
    }

    private void reply(MessageType type, long request, Object value) {
        String misfit = type.reply.misfit(value);
        if (misfit != null) {
            downlink.fail(this, request, "protocol '" + schema.name() + "': the reply to " + type.identity()
                    + " is " + misfit);
        } else {
            downlink.reply(this, request, type, value);
        }
    }

    /** The child's side or the connection ended the pair. */
    void peerEnded(DestroyReason reason) {
        if (ended) {
            return;
        }
        ended = true;
        destroyed(reason);
    }

    /** This side ends the pair: its link's close, its factory gone, or this process shutting down. */
    void endHere(DestroyReason reason) {
        if (ended) {
            return;
        }
        ended = true;
        downlink.close(this, reason);
        destroyed(reason);
    }

    private void destroyed(DestroyReason reason) {
        if (actor == null) {
            return;
        }
        live.remove(this);
        try {
            thread.handler(schema::name, () -> "destroyed(" + reason + ")", () -> {
                actor.destroyed(reason);
                return null;
            });
        } catch (Throwable e) {
            reports.println("backgroundtasks: the parent actor of protocol '" + schema.name()
                    + "' threw from destroyed(" + reason + "): " + e);
            e.printStackTrace(reports);
        }
    }

    private String failure(MessageType type, String how, Throwable e) {
        return "protocol '" + schema.name() + "': the parent's receive of " + type.identity() + " " + how + " " + e;
    }

    private void report(MessageType type, String how, Throwable e) {
        reports.println("backgroundtasks: " + failure(type, how, e));
        e.printStackTrace(reports);
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    @Override
    public String toString() {
        return "ParentSide[" + schema.name() + (wireId == 0 ? "" : " #" + wireId) + (ended ? ", ended" : "") + "]";
    }

    /** The parent's handle on its child; any thread, ordered through the background thread. */
    private final class Link implements ChildLink<Object> {
        @Override
        public boolean send(Object message) {
            MessageType type = schema.checkToChild(message);
            if (ended) {
                return false;
            }
            if (thread.isCurrent()) {
                return downlink.message(ParentSide.this, type, message);
            }
            try {
                thread.execute(() -> {
                    if (!ended) {
                        try {
                            downlink.message(ParentSide.this, type, message);
                        } catch (RuntimeException e) {
                            reports.println("backgroundtasks: protocol '" + schema.name() + "': cannot send "
                                    + type.identity() + " to the child: " + e.getMessage());
                        }
                    }
                });
                return true;
            } catch (RejectedExecutionException closed) {
                return false;
            }
        }

        @Override
        public void close() {
            thread.run(() -> endHere(DestroyReason.DELETION));
        }

        @Override
        public boolean isOtherProcess() {
            return downlink.isOtherProcess();
        }

        @Override
        public String toString() {
            return "ChildLink[" + schema.name() + (ended ? ", ended" : "") + "]";
        }
    }
}
