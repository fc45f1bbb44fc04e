package org.odeon.experiments;

/**
 * The user asked for something that cannot be run as asked: an unknown experiment or config key, a value
 * of the wrong type, an output folder that exists, a run that cannot be resumed. The message says what
 * was wrong and what would be accepted; the command line prints it without a stack trace.
 */
public class ExperimentException extends RuntimeException {
    public ExperimentException(String message) { super(message); }
}
