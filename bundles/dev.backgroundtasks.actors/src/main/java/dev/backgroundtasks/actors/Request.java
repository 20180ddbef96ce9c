package dev.backgroundtasks.actors;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A message to the parent that expects one reply of type {@code R} (IPDL's {@code returns}). Only
 * records of a protocol's {@code toParent} side may implement it; {@code R} follows the rules of a
 * record component (see {@link Protocol#of}), and the reply may be null.
 *
 * @param <R> the reply's type
 */
@ConsumerType
public interface Request<R> {
}
