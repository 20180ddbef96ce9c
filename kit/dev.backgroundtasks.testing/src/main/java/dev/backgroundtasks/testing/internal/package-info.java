/** File and process plumbing of the harness; not an API. */
package dev.backgroundtasks.testing.internal;
