/**
 * In-memory data sets ({@link org.odeon.data.Dataset}: splits, seeded minibatch sampling, chunks),
 * seeded shuffling loaders ({@link org.odeon.data.DataLoader}), augmentation, and Fashion-MNIST from
 * its IDX files ({@link org.odeon.data.FashionMnist}).
 */
package org.odeon.data;
