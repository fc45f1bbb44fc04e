/**
 * Neural operators: maps between functions sampled on grids, which can be evaluated at any
 * resolution.
 *
 * <p>Fields are held channels-first as {@code [B, C, H, W]}; a 1-D field is {@code [B, C, 1, n]}, so
 * one code path serves both dimensions. A Fourier layer ({@link SpectralConv}) multiplies the lowest
 * modes of its input by learned complex weights and drops the rest; since the kept modes are the
 * same functions at every resolution, a network of such layers plus pointwise maps defines one
 * operator on functions that each grid samples ({@link Fno}). {@link ConvFno} puts a convolutional
 * feature extractor ({@link Cnn}, {@link UNet}) in front and keeps that property with one of two
 * resizing schemes.
 */
package org.odeon.models.operator;
