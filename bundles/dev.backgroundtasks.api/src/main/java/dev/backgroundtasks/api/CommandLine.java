package dev.backgroundtasks.api;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The task's arguments, with nsICommandLine's methods.
 *
 * <p>{@link #length()}, {@link #getArgument(int)} and {@link #arguments()} give the arguments
 * verbatim: no normalisation of {@code --x} to {@code -x}, no splitting of {@code -x=v}. Only the
 * find and handle methods read dashes and {@code '='}: a flag {@code x} matches {@code -x},
 * {@code --x}, {@code -x=v} and {@code --x=v}.
 *
 * <p>{@link #of(List)} is the platform's implementation, the one the launcher gives tasks; a unit test
 * builds a task's command line with it.
 */
@ProviderType
public interface CommandLine {
    /** A command line over a copy of these arguments, safe to use from several threads. */
    static CommandLine of(List<String> arguments) {
        return new ArgumentList(arguments);
    }

    /** A command line over these arguments. */
    static CommandLine of(String... arguments) {
        return new ArgumentList(Arrays.asList(arguments));
    }

    int length();

    /** @throws IndexOutOfBoundsException outside 0..length()-1 */
    String getArgument(int index);

    /** Whether the flag (given without dashes) is present. */
    boolean findFlag(String flag, boolean caseSensitive);

    /** Finds the flag and removes it; true if it was present. */
    boolean handleFlag(String flag, boolean caseSensitive);

    /**
     * Finds the flag with its value ({@code -x v} or {@code -x=v}) and removes both.
     *
     * @return empty if the flag is absent; {@code ""} for {@code -x=}
     * @throws IllegalArgumentException for {@code -x v} when v is missing or starts with '-'
     */
    Optional<String> handleFlagWithParam(String flag, boolean caseSensitive);

    /** Removes the arguments from start to endInclusive. */
    void removeArguments(int start, int endInclusive);

    /** An unmodifiable snapshot of the arguments. */
    List<String> arguments();
}
