package dev.physmem.cli.plot;

import java.util.Locale;

/**
 * Draws a {@link Timeline} as one self-contained SVG of four panels sharing the time axis: memory and
 * the writeback thresholds, writer throttle pauses, reclaim activity, and free blocks per order.
 */
public final class TimelineChart {
    static final int WIDTH = 1100;
    static final int LEFT = 80;
    static final int RIGHT = 150;
    static final int PANEL = 210;
    static final int GAP = 50;

    private TimelineChart() {}

    public static String svg(Timeline t) {
        int height = 40 + 4 * (PANEL + GAP);
        Svg svg = new Svg(WIDTH, height);
        svg.text(WIDTH / 2.0, 22, t.title(), "middle", "#222", true);
        double duration = Math.max(t.duration(), 1e-3);
        int top = 45;
        memoryPanel(svg, t, top, duration);
        throttlePanel(svg, t, top += PANEL + GAP, duration);
        reclaimPanel(svg, t, top += PANEL + GAP, duration);
        buddyPanel(svg, t, top + PANEL + GAP, duration);
        return svg.close();
    }

    private static double x(double seconds, double duration) {
        return LEFT + (WIDTH - LEFT - RIGHT) * seconds / duration;
    }

    private static void axes(Svg svg, int top, double duration, double yMax, String title, String yUnit) {
        double bottom = top + PANEL;
        svg.text(LEFT, top - 8, title, "start", "#222", true);
        svg.line(LEFT, bottom, WIDTH - RIGHT, bottom, "#444", 1, null);
        svg.line(LEFT, top, LEFT, bottom, "#444", 1, null);
        for (int i = 0; i <= 5; i++) {
            double s = duration * i / 5;
            double xx = x(s, duration);
            svg.line(xx, bottom, xx, bottom + 4, "#444", 1, null);
            svg.text(xx, bottom + 16, String.format(Locale.ROOT, "%.1f s", s), "middle", "#444", false);
            double v = yMax * i / 5;
            double yy = bottom - PANEL * i / 5.0;
            svg.line(LEFT - 4, yy, LEFT, yy, "#444", 1, null);
            if (i > 0) {
                svg.line(LEFT, yy, WIDTH - RIGHT, yy, "#eee", 1, null);
            }
            svg.text(LEFT - 6, yy + 4, human(v), "end", "#444", false);
        }
        svg.text(LEFT - 6, top - 8, yUnit, "end", "#666", false);
    }

    private static void memoryPanel(Svg svg, Timeline t, int top, double duration) {
        double max = 1;
        for (double[] s : new double[][] {t.free(), t.cached(), t.dirty(), t.writeback(), t.thresh()}) {
            for (double v : s) {
                max = Math.max(max, v);
            }
        }
        max *= 1.05;
        axes(svg, top, duration, max, "Memory: free, page cache, dirty and writeback against the writeback thresholds", "pages");
        String[] names = {"free", "cached", "dirty", "writeback", "dirty_background_threshold", "dirty_threshold"};
        double[][] series = {t.free(), t.cached(), t.dirty(), t.writeback(), t.bgThresh(), t.thresh()};
        String[] colors = {"#2ca02c", "#1f77b4", "#d62728", "#ff7f0e", "#9467bd", "#8c564b"};
        String[] dashes = {null, null, null, null, "6,3", "2,2"};
        for (int k = 0; k < series.length; k++) {
            double[] xs = new double[t.seconds().length];
            double[] ys = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = x(t.seconds()[i], duration);
                ys[i] = top + PANEL - PANEL * series[k][i] / max;
            }
            svg.polyline(xs, ys, colors[k], 1.8, dashes[k], names[k]);
            svg.line(WIDTH - RIGHT + 10, top + 14 + k * 18, WIDTH - RIGHT + 30, top + 14 + k * 18, colors[k], 2, dashes[k]);
            svg.text(WIDTH - RIGHT + 34, top + 18 + k * 18, names[k].replace("dirty_", "").replace("_threshold", " thresh"),
                    "start", "#222", false);
        }
    }

    private static void throttlePanel(Svg svg, Timeline t, int top, double duration) {
        double max = 200;
        axes(svg, top, duration, max, "Writer throttling: balance_dirty_pages() pauses (at most 200 ms each)", "ms");
        double total = 0;
        for (double[] p : t.throttles()) {
            double xx = x(p[0], duration);
            double h = PANEL * Math.min(p[1], max) / max;
            svg.rect(xx - 0.5, top + PANEL - h, 1.5, h, "#d62728",
                    String.format(Locale.ROOT, "%.3f s: paused %.1f ms", p[0], p[1]));
            total += p[1];
        }
        svg.text(WIDTH - RIGHT + 10, top + 18, t.throttles().size() + " pauses", "start", "#222", false);
        svg.text(WIDTH - RIGHT + 10, top + 36, String.format(Locale.ROOT, "%.0f ms in all", total), "start", "#222", false);
    }

    private static void reclaimPanel(Svg svg, Timeline t, int top, double duration) {
        svg.text(LEFT, top - 8, "Reclaim: kswapd awake and direct reclaim by allocating threads", "start", "#222", true);
        svg.line(LEFT, top + PANEL, WIDTH - RIGHT, top + PANEL, "#444", 1, null);
        lane(svg, t.kswapdRuns(), top + 30, duration, "#1f77b4", "kswapd");
        lane(svg, t.directReclaims(), top + 110, duration, "#d62728", "direct");
        for (int i = 0; i <= 5; i++) {
            double s = duration * i / 5;
            svg.text(x(s, duration), top + PANEL + 16, String.format(Locale.ROOT, "%.1f s", s), "middle", "#444", false);
        }
    }

    private static void lane(Svg svg, java.util.List<double[]> runs, int y, double duration, String color, String name) {
        svg.text(LEFT - 6, y + 28, name, "end", "#222", false);
        svg.rect(LEFT, y, WIDTH - LEFT - RIGHT, 50, "#f6f6f6", null);
        for (double[] r : runs) {
            double x1 = x(r[0], duration);
            double x2 = x(Math.max(r[1], r[0]), duration);
            svg.rect(x1, y, Math.max(1, x2 - x1), 50, color,
                    String.format(Locale.ROOT, "%s %.3f..%.3f s", name, r[0], r[1]));
        }
        svg.text(WIDTH - RIGHT + 10, y + 28, runs.size() + (runs.size() == 1 ? " run" : " runs"), "start", "#222", false);
    }

    private static void buddyPanel(Svg svg, Timeline t, int top, double duration) {
        svg.text(LEFT, top - 8, "Free blocks per order (buddyinfo, all zones): darker is more blocks", "start", "#222", true);
        int orders = 11;
        double rowH = PANEL / (double) orders;
        long max = 1;
        for (long[] row : t.freeBlocks()) {
            for (long v : row) {
                max = Math.max(max, v);
            }
        }
        int n = t.seconds().length;
        for (int i = 0; i < n; i++) {
            double x1 = x(t.seconds()[i], duration);
            double x2 = i + 1 < n ? x(t.seconds()[i + 1], duration) : WIDTH - RIGHT;
            for (int o = 0; o < orders; o++) {
                long v = t.freeBlocks()[i][o];
                double shade = v == 0 ? 0 : Math.log1p(v) / Math.log1p(max);
                int c = (int) Math.round(255 - 200 * shade);
                svg.rect(x1, top + PANEL - (o + 1) * rowH, Math.max(1, x2 - x1), rowH,
                        String.format("rgb(%d,%d,255)", c, c), null);
            }
        }
        for (int o = 0; o < orders; o++) {
            svg.text(LEFT - 6, top + PANEL - o * rowH - rowH / 2 + 4, "order " + o, "end", "#444", false);
        }
        svg.line(LEFT, top + PANEL, WIDTH - RIGHT, top + PANEL, "#444", 1, null);
        for (int i = 0; i <= 5; i++) {
            double s = duration * i / 5;
            svg.text(x(s, duration), top + PANEL + 16, String.format(Locale.ROOT, "%.1f s", s), "middle", "#444", false);
        }
        svg.text(WIDTH - RIGHT + 10, top + 18, "max " + max + " blocks", "start", "#222", false);
    }

    static String human(double v) {
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        }
        if (v >= 1e4) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }

    /** The chart inside a minimal page that needs no network. */
    public static String html(Timeline t) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Svg.escape(t.title())
                + "</title>\n<style>body{font-family:sans-serif;margin:20px;color:#222}</style></head><body>\n"
                + svg(t) + "</body></html>\n";
    }
}
