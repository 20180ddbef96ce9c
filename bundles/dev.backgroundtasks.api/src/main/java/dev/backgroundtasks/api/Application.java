package dev.backgroundtasks.api;

import org.osgi.annotation.versioning.ProviderType;

/** The running application of normal mode. */
@ProviderType
public interface Application {
    /**
     * Shuts the application down in order (docs/reference/exit-codes.md, "Shutdown"), then the process exits
     * with {@code exitCode}; only the first call counts. Nothing maps the value: the parent
     * process sees its low eight bits only ({@code 256} reads as 0, {@code -1} as 255), so pass 0 or a
     * code of 11..125 as a task would, never 1..7, which say the platform failed.
     */
    void quit(int exitCode);
}
