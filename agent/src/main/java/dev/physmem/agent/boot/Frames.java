package dev.physmem.agent.boot;

/** The calling thread's {@link Frame}; a named subclass, because bootstrap code must not use lambdas. */
final class Frames extends ThreadLocal<Frame> {
    @Override
    protected Frame initialValue() {
        return new Frame();
    }
}
