/** The platform's SLF4J 2 provider: loggers that forward to the OSGi Log Service, or a task's own provider. */
package dev.backgroundtasks.logging.slf4j.internal;
