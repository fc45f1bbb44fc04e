package org.odeon.io;

import java.io.IOException;

/**
 * A file that does not follow its format: truncated, inconsistent with its own header, or using
 * a feature this reader does not support. The message starts with the file (and, inside an
 * archive, the entry) so the user knows which file to look at.
 */
public class MalformedFileException extends IOException {
    private final String source;

    public MalformedFileException(String source, String detail) {
        super(source + ": " + detail);
        this.source = source;
    }

    public MalformedFileException(String source, String detail, Throwable cause) {
        super(source + ": " + detail, cause);
        this.source = source;
    }

    /** The file (or {@code archive!entry}) the problem was found in. */
    public String source() { return source; }
}
