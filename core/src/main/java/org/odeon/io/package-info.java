/**
 * Files: exchanging arrays with the Python world and loading data sets.
 *
 * <ul>
 *   <li>{@link org.odeon.io.Safetensors} — named F32/F64 tensors, read and written by PyTorch;</li>
 *   <li>{@link org.odeon.io.Npy}, {@link org.odeon.io.Npz} — NumPy's array files and archives;</li>
 *   <li>{@link org.odeon.io.Idx} — MNIST-style data sets; {@link org.odeon.io.Cifar} — CIFAR-10/100 batches;</li>
 *   <li>{@link org.odeon.io.Checkpoint} — parameters, optimizer state and training metadata in one file.</li>
 * </ul>
 *
 * <p>Two guarantees hold for every format. Readers check every header field against the data
 * actually present before allocating, and reject anything inconsistent with a
 * {@link org.odeon.io.MalformedFileException} naming the file and the field; a forged header
 * cannot make them allocate memory out of proportion to the file. Writers go through
 * {@link org.odeon.io.AtomicFiles}, so an existing file is replaced whole or not at all.
 */
package org.odeon.io;
