import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The client of the shared-host prototype (SharedHost.java), compiled by longlived.sh and run as
 * {@code java -cp DIR SharedClient SOCKET TASK [--print]}: a JVM start and one socket round trip, standing
 * for the product's {@code java -jar launcher.jar} client (which loads about 1050 classes to this one's
 * few hundred: docs/performance.md). Sends TASK as a line, exits with the code the host answers, and prints
 * nothing unless given {@code --print}; a host that cannot be reached or that answers no code is one line
 * on stderr and exit 1.
 */
public final class SharedClient {
    public static void main(String[] args) {
        int code;
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(args[0]));
            channel.write(StandardCharsets.UTF_8.encode(args[1] + "\n"));
            ByteBuffer answer = ByteBuffer.allocate(16);
            while (answer.hasRemaining() && channel.read(answer) >= 0) {
                // the host writes the exit code and a newline, then closes
            }
            String line = new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII).strip();
            code = Integer.parseInt(line);
        } catch (IOException | NumberFormatException e) {
            System.err.println("shared client: no exit code from the host at " + args[0] + " (" + e + ")");
            System.exit(1);
            return;
        }
        if (args.length > 2 && args[2].equals("--print")) {
            System.out.println(code);
        }
        System.exit(code);
    }
}
