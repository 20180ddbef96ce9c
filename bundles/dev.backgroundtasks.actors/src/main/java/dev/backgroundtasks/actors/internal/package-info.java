/** The actors' machinery: protocol checks, the background thread, the in-process and socket transports. */
package dev.backgroundtasks.actors.internal;
