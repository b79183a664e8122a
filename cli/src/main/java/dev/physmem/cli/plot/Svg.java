package dev.physmem.cli.plot;

import java.util.Locale;

/** A minimal SVG writer: just what the charts draw, with text escaped. */
final class Svg {
    private final StringBuilder sb = new StringBuilder();

    Svg(int width, int height) {
        sb.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\" font-size=\"11\">\n", width, height, width, height));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", width, height));
    }

    Svg line(double x1, double y1, double x2, double y2, String stroke, double width, String dash) {
        sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                + "stroke-width=\"%.1f\"%s/>\n", x1, y1, x2, y2, stroke, width, dash == null ? "" : " stroke-dasharray=\"" + dash + "\""));
        return this;
    }

    Svg polyline(double[] xs, double[] ys, String stroke, double width, String dash, String title) {
        sb.append("<polyline fill=\"none\" stroke=\"").append(stroke).append("\" stroke-width=\"")
                .append(String.format(Locale.ROOT, "%.1f", width)).append('"');
        if (dash != null) {
            sb.append(" stroke-dasharray=\"").append(dash).append('"');
        }
        sb.append(" points=\"");
        for (int i = 0; i < xs.length; i++) {
            sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", xs[i], ys[i]));
        }
        sb.append("\">");
        return close("polyline", title);
    }

    Svg rect(double x, double y, double w, double h, String fill, String title) {
        sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">",
                x, y, Math.max(w, 0.5), Math.max(h, 0.5), fill));
        return close("rect", title);
    }

    /** Ends an element, with its tooltip first if it has one. */
    private Svg close(String element, String title) {
        if (title != null) {
            sb.append("<title>").append(escape(title)).append("</title>");
        }
        sb.append("</").append(element).append(">\n");
        return this;
    }

    Svg text(double x, double y, String text, String anchor, String fill, boolean bold) {
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" fill=\"%s\"%s>%s</text>\n",
                x, y, anchor, fill, bold ? " font-weight=\"bold\"" : "", escape(text)));
        return this;
    }

    String close() {
        return sb.append("</svg>\n").toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
