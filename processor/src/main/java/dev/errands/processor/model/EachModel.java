package dev.errands.processor.model;

import javax.lang.model.element.AnnotationMirror;

/**
 * An {@code @Each} on a step parameter: the step runs once per element of that parameter's source.
 *
 * @param limit how many elements at once at most; 0 for no limit
 * @param annotation the annotation, to report on it and its {@code limit}
 */
public record EachModel(int limit, AnnotationMirror annotation) {}
