package org.odeon.report;

/** A run folder's files are missing or malformed; the message names the file and what was wrong. */
public class ReportException extends RuntimeException {
    public ReportException(String message) { super(message); }
}
