/**
 * Byte Buddy advice inlined into the JDK's I/O classes. Every advice is static, suppresses its own
 * throwables, and does nothing but read what the JDK method has (arguments, result, fields such as
 * {@code fd} and {@code path}) and make one call into {@link dev.physmem.agent.boot.Hooks}. The enter
 * advice of a reporting method raises the thread's depth; its exit advice always reaches a Hooks method
 * that lowers it again, so an exit advice computes nothing that could throw before that call.
 */
package dev.physmem.agent.advice;
