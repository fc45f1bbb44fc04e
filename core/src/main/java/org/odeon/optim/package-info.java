/**
 * Optimizers ({@link org.odeon.optim.Sgd}, {@link org.odeon.optim.Adam}, {@link org.odeon.optim.AdamW})
 * with learning-rate {@link org.odeon.optim.Schedule}s, gradient clipping ({@link org.odeon.optim.GradClip})
 * and projection hooks (a module's constraint, applied after every step), and the one training-step
 * helper {@link org.odeon.optim.Training} (step, epoch, accuracy) that experiments share.
 */
package org.odeon.optim;
