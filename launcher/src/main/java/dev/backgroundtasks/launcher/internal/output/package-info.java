/** The launcher's output: the console (banner, held warnings, log lines by loglevel), the log line format and the phase timings. */
package dev.backgroundtasks.launcher.internal.output;
