package dev.backgroundtasks.launcher.internal.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import dev.backgroundtasks.api.CategoryEntry;
import dev.backgroundtasks.api.FrameworkProperties;
import dev.backgroundtasks.api.Observer;

import dev.backgroundtasks.launcher.internal.output.Console;

/**
 * Startup categories (Firefox's category manager, with its {@code backgroundtask} modifier): an
 * {@link Observer} component joins a category with {@code @CategoryEntry}; in background task mode
 * only entries with mode BACKGROUND or ALWAYS are registered, in normal mode only NORMAL (the
 * default) or ALWAYS. The platform gets (and so activates) an entry only when it notifies it: an entry
 * that is not registered in the current mode is never instantiated.
 */
final class Categories {
    static final String APP_STARTUP = "app-startup";
    static final String PROFILE_AFTER_CHANGE = "profile-after-change";
    static final String COMMAND_LINE_HANDLER = "command-line-handler";
    static final String FINAL_STARTUP = "final-startup";
    static final String QUIT_APPLICATION = "quit-application";
    static final String CATEGORY = CategoryEntry.PREFIX_ + "category";
    static final String MODE = FrameworkProperties.MODE;

    /** One notification, for the graph report. */
    record Notified(String category, String component) {
    }

    private final BundleContext context;
    private final boolean background;
    private final Console console;
    private final List<Notified> notified = new ArrayList<>();

    Categories(BundleContext context, boolean background, Console console) {
        this.context = context;
        this.background = background;
        this.console = console;
    }

    /** Notifies every entry of the category registered in this mode, in service ranking order. */
    void fire(String category, Object subject) {
        String modes = background ? "(|(" + MODE + "=" + CategoryEntry.Mode.BACKGROUND + ")(" + MODE + "=" + CategoryEntry.Mode.ALWAYS + "))"
                : "(|(" + MODE + "=" + CategoryEntry.Mode.NORMAL + ")(" + MODE + "=" + CategoryEntry.Mode.ALWAYS + ")(!(" + MODE + "=*)))";
        ServiceReference<?>[] refs;
        try {
            refs = context.getServiceReferences(Observer.class.getName(), "(&(" + CATEGORY + "=" + category + ")" + modes + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(category, e);
        } catch (IllegalStateException stopped) {
            return;
        }
        if (refs == null) {
            return;
        }
        List<ServiceReference<?>> ordered = new ArrayList<>(Arrays.asList(refs));
        ordered.sort((a, b) -> b.compareTo(a)); // highest ranking first, then lowest service id
        for (ServiceReference<?> ref : ordered) {
            Object service = context.getService(ref);
            if (!(service instanceof Observer observer)) {
                continue;
            }
            String component = String.valueOf(ref.getProperty("component.name"));
            synchronized (notified) {
                notified.add(new Notified(category, component));
            }
            try {
                observer.observe(category, subject);
            } catch (RuntimeException e) {
                console.error("category entry " + component + " failed on " + category + ": " + e);
            }
        }
    }

    List<Notified> notified() {
        synchronized (notified) {
            return List.copyOf(notified);
        }
    }

    static Map<String, String> entry(Notified n) {
        return Map.of("category", n.category(), "component", n.component());
    }
}
