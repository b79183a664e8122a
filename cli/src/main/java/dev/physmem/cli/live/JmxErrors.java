package dev.physmem.cli.live;

import javax.management.MBeanException;
import javax.management.RuntimeMBeanException;
import javax.management.RuntimeOperationsException;

/** The message a remote MBean failure carries, unwrapped from the JMX exception layers around it. */
public final class JmxErrors {
    private JmxErrors() {}

    public static String message(Throwable e) {
        Throwable t = e;
        while ((t instanceof RuntimeMBeanException || t instanceof MBeanException
                || t instanceof RuntimeOperationsException) && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
