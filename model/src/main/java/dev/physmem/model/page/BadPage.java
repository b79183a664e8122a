package dev.physmem.model.page;

import dev.physmem.model.KernelBugException;
import dev.physmem.model.Mm;
import dev.physmem.model.time.Scheduler;
import dev.physmem.model.trace.Tracepoints;
import java.util.BitSet;

/**
 * bad_page() and VM_BUG_ON_FOLIO() (mm/page_alloc.c, mm/debug.c): a page found in a state it must
 * not be in is reported in the kernel's words, counted, and taken out of circulation (the kernel leaks
 * it on purpose). In strict mode the report is thrown as a {@link KernelBugException}.
 */
public final class BadPage {
    private static final int BURST = 60;

    private final MemMap memMap;
    private final Scheduler clock;
    private final Tracepoints trace;
    private final boolean strict;
    private final BitSet leaked = new BitSet();
    private long reports;
    private long bugs;
    private long shown;
    private long unshown;
    private long resumeJiffies;
    private boolean tainted;

    public BadPage(MemMap memMap, Scheduler clock, Tracepoints trace, boolean strict) {
        this.memMap = memMap;
        this.clock = clock;
        this.trace = trace;
        this.strict = strict;
    }

    /**
     * bad_page(): report the page and leave it leaked. A burst of 60 reports is shown, then the rest of
     * that minute is counted as suppressed, as the kernel does.
     */
    public void badPage(int pfn, String reason) {
        String report;
        synchronized (this) {
            reports++;
            tainted = true;
            if (memMap.isBuddy(pfn)) {
                memMap.clearBuddy(pfn);
            }
            report = rateLimitedReport(pfn, reason);
        }
        if (report != null) {
            trace.badPage(pfn, reason, report);
            if (strict) {
                throw new KernelBugException(report);
            }
        }
    }

    /** The report text, or null while the burst of 60 per minute is used up. */
    private String rateLimitedReport(int pfn, String reason) {
        StringBuilder sb = new StringBuilder();
        long now = clock.jiffies();
        if (shown == BURST) {
            if (now < resumeJiffies) {
                unshown++;
                return null;
            }
            if (unshown > 0) {
                sb.append("BUG: Bad page state: ").append(unshown).append(" messages suppressed\n");
                unshown = 0;
            }
            shown = 0;
        }
        if (shown++ == 0) {
            resumeJiffies = now + 60L * Scheduler.HZ;
        }
        sb.append(String.format("BUG: Bad page state in process %s  pfn:%05x\n", comm(), pfn));
        return sb.append(dumpPage(pfn, reason)).toString();
    }

    /** Marks frames the kernel would never see again after a bad_page report. */
    public synchronized void leak(int pfn, int nrPages) {
        leaked.set(pfn, pfn + nrPages);
    }

    public synchronized boolean isLeaked(int pfn) {
        return leaked.get(pfn);
    }

    public synchronized int leakedPages() {
        return leaked.cardinality();
    }

    /**
     * VM_BUG_ON_FOLIO(cond, folio): the check failed; the kernel would stop here with "kernel BUG at".
     * The simulator reports it and, outside strict mode, carries on without doing the bad operation.
     */
    public void vmBugOnFolio(int pfn, String condition) {
        String report;
        synchronized (this) {
            bugs++;
            tainted = true;
            report = dumpPage(pfn, "VM_BUG_ON_FOLIO(" + condition + ")")
                    + "kernel BUG at mm/page_alloc.c!\n";
        }
        trace.badPage(pfn, "VM_BUG_ON_FOLIO(" + condition + ")", report);
        if (strict) {
            throw new KernelBugException(report);
        }
    }

    public synchronized long reports() {
        return reports;
    }

    public synchronized long bugs() {
        return bugs;
    }

    /** TAINT_BAD_PAGE ('B' in the taint string). */
    public synchronized boolean tainted() {
        return tainted;
    }

    /** dump_page(): the struct page as the kernel prints it. */
    public String dumpPage(int pfn, String reason) {
        int head = memMap.compoundHead(pfn);
        int word = memMap.mapcountWord(pfn);
        int mapcount = PageType.hasType(word) ? 0 : word + 1;
        int mapping = memMap.mapping(head);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("page: refcount:%d mapcount:%d mapping:%016x index:%#x pfn:%#x\n",
                memMap.refcount(head), mapcount, mappingPointer(mapping),
                memMap.index(head) + (pfn - head), pfn));
        boolean large = memMap.test(head, PageFlags.PG_head);
        if (large) {
            int headWord = memMap.mapcountWord(head);
            int folioMapcount = PageType.hasType(headWord) ? 0 : headWord + 1;
            sb.append(String.format("head: order:%d mapcount:%d entire_mapcount:0 nr_pages_mapped:0 pincount:0\n",
                    memMap.order(head), folioMapcount));
        }
        String type = mapping < 0 ? "anon " : "";
        sb.append(type).append("flags: ").append(PageFlags.format(memMap.flags(head))).append('\n');
        if (PageType.hasType(memMap.mapcountWord(head))) {
            int t = PageType.typeOf(memMap.mapcountWord(head));
            sb.append(String.format("page_type: %x(%s)\n", t, PageType.name(t)));
        }
        sb.append("page dumped because: ").append(reason).append('\n');
        return sb.toString();
    }

    /** %p of page->mapping: NULL, or a stable stand-in for the address_space's address. */
    private static long mappingPointer(int mapping) {
        if (mapping == 0) {
            return 0;
        }
        long base = mapping < 0 ? 0xffff888100000001L : 0xffff888200000000L;
        return base + ((long) Math.abs(mapping) << Mm.PAGE_SHIFT);
    }

    /** current->comm: the thread's name, cut to TASK_COMM_LEN - 1 characters. */
    static String comm() {
        String name = Thread.currentThread().getName();
        return name.length() > 15 ? name.substring(0, 15) : name;
    }
}
