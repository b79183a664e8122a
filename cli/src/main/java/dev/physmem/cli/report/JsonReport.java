package dev.physmem.cli.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.physmem.cli.source.ProcSnapshot;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The report as JSON: the story's records as objects in component order, the /proc files as text.
 * Its own class so that text and HTML reports never pay for Jackson's start-up.
 */
public final class JsonReport {
    /** Seconds and milliseconds to the microsecond, without binary-fraction noise. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule()
                    .addSerializer(Double.class, new ThreeDecimals())
                    .addSerializer(double.class, new ThreeDecimals()));

    private JsonReport() {}

    public static String render(Story s, ProcSnapshot procs, String at) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("story", s);
        root.put("at", at);
        root.put("proc", ReportRenderer.procFiles(procs));
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report does not serialise: " + e.getMessage(), e);
        }
    }

    private static final class ThreeDecimals extends StdSerializer<Double> {
        private static final long serialVersionUID = 1L;

        ThreeDecimals() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (Double.isFinite(value)) {
                gen.writeNumber(BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_EVEN));
            } else {
                gen.writeNull();
            }
        }
    }
}
