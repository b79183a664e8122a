package dev.physmem.model.time;

/** A kernel thread or workqueue the model defers work to; its name is the kernel's. */
public final class Worker {
    private final String name;
    final Object driverState;

    Worker(String name, Object driverState) {
        this.name = name;
        this.driverState = driverState;
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
