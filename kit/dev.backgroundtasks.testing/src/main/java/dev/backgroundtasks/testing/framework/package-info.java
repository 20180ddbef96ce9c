/** Running a task inside an OSGi framework, as the launcher does, from an in-framework (pax-exam) test. */
package dev.backgroundtasks.testing.framework;
