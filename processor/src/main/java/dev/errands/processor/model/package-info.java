/**
 * The model of a service class: what the scanner read from its elements, as immutable records
 * that keep their {@code Element}, {@code AnnotationMirror} and {@code AnnotationValue} so that
 * every diagnostic lands on the exact place in the user's source. Its {@link
 * dev.errands.processor.model.NodeGraph}, built once after scanning, is the one view of the steps
 * and races as nodes that every check and every writer walks.
 */
package dev.errands.processor.model;
