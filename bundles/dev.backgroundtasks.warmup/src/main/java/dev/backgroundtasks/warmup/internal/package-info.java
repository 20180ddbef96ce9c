/** The warm host's rehearsal task; nothing is exported. */
package dev.backgroundtasks.warmup.internal;
