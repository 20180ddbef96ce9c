package dev.backgroundtasks.actors;

import java.util.List;
import java.util.concurrent.Executor;

import org.osgi.annotation.versioning.ProviderType;

import dev.backgroundtasks.actors.internal.LocalBackground;

/**
 * The way to a process's background thread (Gecko's PBackground): opens child actors whose parents run
 * there. {@code open} reaches this process's own background thread; {@code openToApplication} reaches
 * the background thread of the installation's running normal-mode application, in this process when
 * called inside it, else over the Unix domain socket in the runtime directory. The calling code is the
 * same either way. In a framework, a service of this type is registered in both modes and serves every
 * {@link ActorFactory} service.
 *
 * <p>Without {@code home}, the child's callbacks run on the {@link dev.backgroundtasks.scheduler.EventLoop}
 * whose thread called {@code open} ({@code EventLoop.current()}); called from any other thread, those
 * forms throw {@link IllegalStateException}. A protocol nothing serves, or no application running, gives a
 * child whose {@link ChildActor#destroyed()} completes with {@link DestroyReason#FAILED_CONSTRUCTOR}: at
 * once, never a hang.
 */
@ProviderType
public interface Background {
    <P, C> ChildActor<P, C> open(Protocol<P, C> protocol, ChildHandler<C> handler);

    <P, C> ChildActor<P, C> open(Protocol<P, C> protocol, ChildHandler<C> handler, Executor home);

    <P, C> ChildActor<P, C> openToApplication(Protocol<P, C> protocol, ChildHandler<C> handler);

    <P, C> ChildActor<P, C> openToApplication(Protocol<P, C> protocol, ChildHandler<C> handler, Executor home);

    /**
     * Whether the installation's normal-mode application runs: true inside it, else whether its socket
     * accepts a connection (false when the socket is stale or missing).
     */
    boolean isApplicationRunning();

    /**
     * Outside a framework: a background thread of its own (a daemon thread) serving these factories,
     * in-process only ({@code openToApplication} gives {@link DestroyReason#FAILED_CONSTRUCTOR}).
     */
    static Background start(List<? extends ActorFactory<?, ?>> factories) {
        return LocalBackground.start(factories);
    }
}
