/** pax-exam support: the platform provisioned in an in-framework test with one option. */
package dev.backgroundtasks.testing.exam;
