/**
 * The model of a service class: what the scanner read from its elements, as immutable records
 * that keep their {@code Element}, {@code AnnotationMirror} and {@code AnnotationValue} so that
 * every diagnostic lands on the exact place in the user's source.
 */
package dev.errands.processor.model;
