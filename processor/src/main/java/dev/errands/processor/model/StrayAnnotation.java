package dev.errands.processor.model;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;

/**
 * A {@code @Timeout} or {@code @Retry} on a method of the class that is not a step, or an {@code
 * @Each} on one of its parameters: where it would have no effect.
 *
 * @param method the method (or constructor)
 * @param element where the annotation is: the method, or its parameter
 * @param annotation the annotation
 */
public record StrayAnnotation(ExecutableElement method, Element element, AnnotationMirror annotation) {}
