package org.odeon.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.odeon.io.AtomicFiles;

/** JSON files of a run: pretty-printed, key order kept, written atomically, read with errors naming the file. */
public final class Json {
    private Json() {}

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static void write(Path file, Object value) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(value);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** A JSON object as an insertion-ordered map (nested objects become maps, numbers Integer/Long/Double). */
    public static LinkedHashMap<String, Object> readObject(Path file) throws IOException {
        return read(file, MAPPER.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
    }

    public static <T> T read(Path file, Class<T> type) throws IOException {
        return read(file, MAPPER.getTypeFactory().constructType(type));
    }

    private static <T> T read(Path file, JavaType type) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ReportException(file + " is missing");
        }
        try {
            return MAPPER.readValue(bytes, type);
        } catch (JsonProcessingException e) {
            throw new ReportException(file + " is not valid JSON for " + type.getRawClass().getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    /**
     * An object of named numbers, e.g. metrics.json; nested objects are flattened to dotted names
     * ({@code structure.flow.symplecticity_defect}); a non-number value is an error naming its key.
     */
    public static LinkedHashMap<String, Double> readNumbers(Path file) throws IOException {
        var out = new LinkedHashMap<String, Double>();
        flatten(file, "", readObject(file), out);
        return out;
    }

    private static void flatten(Path file, String prefix, Map<?, ?> object, Map<String, Double> out) {
        for (Map.Entry<?, ?> e : object.entrySet()) {
            String key = prefix + e.getKey();
            switch (e.getValue()) {
                case Number n -> out.put(key, n.doubleValue());
                case Map<?, ?> m -> flatten(file, key + ".", m, out);
                case null, default -> throw new ReportException(file + ": \"" + key + "\" should be a number, got " + e.getValue());
            }
        }
    }
}
