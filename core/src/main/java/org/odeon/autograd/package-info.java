/**
 * Reverse-mode differentiation to any order. A {@link org.odeon.autograd.Tensor} wraps an
 * {@code NDArray} and records the op that made it; each op states its value and its backward side
 * by side, the backward written in {@code Tensor} ops, so a gradient can be differentiated again.
 * {@link org.odeon.autograd.Autograd#grad} and {@code backward()} run it, {@link org.odeon.autograd.GradMode}
 * switches recording off, {@link org.odeon.autograd.Functional} gives vjp, jvp, Jacobians and
 * Hessian-vector products, {@link org.odeon.autograd.Conv} and {@link org.odeon.autograd.Spectral}
 * the convolution and FFT ops, and {@link org.odeon.autograd.GradCheck} the finite-difference checks
 * every op is tested with (first and second order). Values at the edges of an op's domain follow
 * PyTorch (e.g. the norm's subgradient 0 at 0, {@code logSumExp} of a masked row).
 */
package org.odeon.autograd;
