/**
 * Plain arrays and their kernels, with no autograd: {@link org.odeon.tensor.NDArray} (contiguous
 * storage, float64 in {@code double[]} and float32 in {@code float[]}; broadcasting element-wise
 * kernels written once over doubles, reductions),
 * matrix products through {@link org.odeon.tensor.Blas}, index maps and other
 * {@link org.odeon.tensor.LinearMap}s with exact adjoints (permute, slice, pad, gather, pooling
 * windows), the convolution kernels, FFTs ({@link org.odeon.tensor.Fft}), CSR sparse matrices and
 * seeded random numbers ({@link org.odeon.tensor.Rng}). Large loops split over the cores
 * ({@link org.odeon.tensor.Parallel}); index tables are cached per shape.
 */
package org.odeon.tensor;
