package dev.physmem.model.sysctl;

/**
 * A sysctl write the kernel would refuse: EINVAL for a value that does not parse or is out of range,
 * ERANGE for a byte count that overflows, ENOENT for a name that does not exist. Nothing was changed.
 */
public final class SysctlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String errno;

    public SysctlException(String errno, String message) {
        super(message);
        this.errno = errno;
    }

    /** "EINVAL", "ERANGE", "ENOENT" or "EPERM". */
    public String errno() {
        return errno;
    }

    /** strerror() of the errno, as sysctl(8) prints it. */
    public String strerror() {
        switch (errno) {
            case "EINVAL": return "Invalid argument";
            case "ERANGE": return "Numerical result out of range";
            case "ENOENT": return "No such file or directory";
            case "EPERM": return "Operation not permitted";
            default: return errno;
        }
    }
}
