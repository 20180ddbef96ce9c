package dev.backgroundtasks.actors.internal;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.attribute.UserPrincipal;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/** Who is at the other end of a Unix domain socket: the kernel's {@code SO_PEERCRED}, nothing the peer says. */
final class Peers {
    private Peers() {
    }

    /** The peer's user; IOException when the platform cannot tell (then nobody is trusted). */
    static UserPrincipal user(SocketChannel channel) throws IOException {
        try {
            UnixDomainPrincipal principal = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return principal.user();
        } catch (UnsupportedOperationException e) {
            throw new IOException("SO_PEERCRED is not supported here", e);
        }
    }
}
