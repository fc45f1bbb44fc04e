package org.odeon.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.odeon.tensor.NDArray;

/**
 * A training checkpoint: named arrays (parameters and optimizer state) plus a JSON object of
 * everything else needed to resume (step, epoch, RNG state, configuration, ...).
 *
 * <p>On disk it is an ordinary safetensors file, so PyTorch can load the weights, with the JSON
 * object stored as one string in {@code __metadata__} next to a format tag. Arrays keep their
 * dtype and every bit of their values, and JSON numbers keep theirs, so a run resumed from a
 * checkpoint continues exactly as the uninterrupted run would. {@link #save} writes through
 * {@link AtomicFiles}: a save that dies half-way leaves the previous checkpoint in place. The data
 * carries a SHA-256 digest ({@link Safetensors}); loading refuses a checkpoint whose digest is missing or
 * does not match, so a flipped byte never resumes as garbage weights.
 */
public record Checkpoint(Map<String, NDArray> arrays, ObjectNode metadata) {
    static final String FORMAT_KEY = "format", FORMAT = "odeon-checkpoint-1", METADATA_KEY = "odeon";

    /** Holds {@code metadata} as it reads back from the file, so a loaded checkpoint equals the saved one. */
    public Checkpoint {
        arrays = Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
        metadata = asStored(metadata);
    }

    private static ObjectNode asStored(ObjectNode metadata) {
        try {
            return (ObjectNode) Safetensors.JSON.readTree(Safetensors.JSON.writeValueAsString(metadata));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("checkpoint metadata cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The metadata object is a copy; change it and build a new checkpoint. */
    @Override public ObjectNode metadata() { return metadata.deepCopy(); }

    /** Writes atomically: readers see the previous file or this one, never a mixture. */
    public void save(Path file) throws IOException { AtomicFiles.write(file, this::writeTo); }

    /** The checkpoint's bytes (a safetensors file). */
    public void writeTo(OutputStream out) throws IOException {
        Safetensors.write(out, arrays, Map.of(FORMAT_KEY, FORMAT, METADATA_KEY, Safetensors.JSON.writeValueAsString(metadata)));
    }

    public static Checkpoint load(Path file) throws IOException {
        Safetensors.Contents c = Safetensors.readContents(file);
        if (!c.digested())
            throw new MalformedFileException(file.toString(), "checkpoint has no data digest (" + Safetensors.DIGEST_KEY
                    + "), so it cannot be trusted to resume from; it was altered or written by an older Odeon");
        String format = c.metadata().get(FORMAT_KEY);
        if (!FORMAT.equals(format))
            throw new MalformedFileException(file.toString(), "not an Odeon checkpoint: __metadata__ \"" + FORMAT_KEY + "\" is "
                    + (format == null ? "missing" : "\"" + format + "\"") + ", expected \"" + FORMAT + "\"");
        JsonNode meta;
        try {
            meta = Safetensors.JSON.readTree(c.metadata().getOrDefault(METADATA_KEY, ""));
        } catch (JacksonException e) {
            throw new MalformedFileException(file.toString(), "checkpoint metadata is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (meta == null || !meta.isObject())
            throw new MalformedFileException(file.toString(), "checkpoint metadata \"" + METADATA_KEY + "\" must hold a JSON object");
        return new Checkpoint(c.tensors(), (ObjectNode) meta);
    }
}
